// Per-conversation sandboxes ("wiggle"): uploads and Claude's outputs under /mnt/user-data (docs/claude-api.md §6).

import type { Payload } from "./payload.ts";

// Where a conversation's uploads and Claude's outputs live in its container (GM sandbox-files.md).
export const UPLOADS_DIR = "/mnt/user-data/uploads";
export const OUTPUTS_DIR = "/mnt/user-data/outputs";

export interface SandboxFile {
  path: string;
  // The type list-files reports; download-file always says application/octet-stream.
  contentType: string;
  createdAt: string;
  customMetadata: Record<string, unknown>;
  bytes(): Payload;
}

export interface Sandboxes {
  // The chat's files sorted by path; empty for a chat that never had a sandbox.
  list(chatUuid: string): SandboxFile[];
  get(chatUuid: string, path: string): SandboxFile | undefined;
  // Adds or replaces a file, as a later write in the container does.
  put(chatUuid: string, file: SandboxFile): void;
  has(chatUuid: string, path: string): boolean;
}

// The media type list-files reports for a path, from its extension.
export function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const types: Record<string, string> = {
    csv: "text/csv",
    txt: "text/plain",
    md: "text/markdown",
    py: "text/x-python",
    json: "application/json",
    png: "image/png",
    pdf: "application/pdf",
    html: "text/html",
  };
  return types[ext] ?? "application/octet-stream";
}

// An empty set of sandboxes, filled as chats are decorated.
export function createSandboxes(): Sandboxes {
  const boxes = new Map<string, Map<string, SandboxFile>>();
  return {
    list: (chatUuid) => [...(boxes.get(chatUuid)?.values() ?? [])].sort((a, b) => (a.path < b.path ? -1 : 1)),
    get: (chatUuid, path) => boxes.get(chatUuid)?.get(path),
    has: (chatUuid, path) => boxes.get(chatUuid)?.has(path) ?? false,
    put(chatUuid, file) {
      let box = boxes.get(chatUuid);
      if (!box) {
        box = new Map();
        boxes.set(chatUuid, box);
      }
      box.set(file.path, file);
    },
  };
}
