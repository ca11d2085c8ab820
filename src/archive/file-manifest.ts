import { isRecord } from "../core/guards.ts";
import { manifestFileOf } from "../core/layout.ts";
import { readTextIfExists } from "./read-text.ts";

// One file a chat refers to, as the backup holds it. The sync writes these (one manifest per chat,
// `<org>/file_manifests/<chat-uuid>.json`, a JSON array); render, search and the viewer read them to
// link the stored copy.
export interface ManifestEntry {
  // What the file is to claude.ai: `file:<file_uuid>:<variant>` for files_v2/files entries
  // (variant: preview | thumbnail | document), `sandbox:<path>` for a wiggle file.
  key: string;
  fileUuid?: string;
  sandboxPath?: string;
  variant: string;
  fileName: string; // the name claude.ai shows (raw, not made safe)
  status: "ok" | "gone"; // gone: claude.ai answered 404 for good; not asked again but on a full scan
  sha256?: string; // when ok: the content's hash, its path is blobPath(root, sha256)
  size?: number;
  contentType?: string;
  source?: string; // the URL path it was fetched from (never with a host's credentials)
  link?: string; // the hard link's name inside `<org>/chat_files/<chat-name>-<uuid>/`
  fetchedAt?: string;
  note?: string; // why an entry is gone when it is not a 404 (e.g. an HTML page served for an image)
}

// Reads a chat's manifest; none (or a damaged one) is an empty list.
export async function readManifest(orgDir: string, chatUuid: string): Promise<ManifestEntry[]> {
  const text = await readTextIfExists(manifestFileOf(orgDir, chatUuid));
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isManifestEntry) : [];
  } catch {
    return [];
  }
}

// True for a manifest entry with the fields every reader relies on.
export function isManifestEntry(value: unknown): value is ManifestEntry {
  return (
    isRecord(value) &&
    typeof value.key === "string" &&
    typeof value.variant === "string" &&
    typeof value.fileName === "string" &&
    (value.status === "ok" || value.status === "gone")
  );
}
