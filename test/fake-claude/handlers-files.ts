// File bytes (`/api/{org}/files/{file}/{variant}`) and the wiggle sandbox endpoints (docs/claude-api.md §6).

import type { Extras } from "./extras.ts";
import { chatOrg, Refusal, uuidParam } from "./params.ts";
import {
  type Answer,
  bytesReply,
  htmlViewerReply,
  invalidRequestReply,
  jsonReply,
  notFoundReply,
  type Reply,
} from "./replies.ts";
import type { Route } from "./route.ts";
import type { ChatState } from "./types.ts";
import type { World } from "./world.ts";

// One variant of an uploaded file; `/preview` may answer the HTML viewer instead.
export function fileBytes(world: World, extras: Extras, route: Extract<Route, { kind: "file" }>): Answer {
  const org = chatOrg(world, route.org);
  const spec = extras.store.get(org.uuid, uuidParam(route.file, "file_uuid"));
  if (!spec || spec.gone) return notFoundReply("File not found");
  if (route.variant === "preview" && extras.store.htmlPreview(spec)) return htmlViewerReply(spec.fileName);
  const payload = extras.store.payload(spec, route.variant);
  return payload ? bytesReply(payload) : notFoundReply("File not found");
}

function sandboxChat(world: World, route: { org: string; chat: string }): ChatState {
  const org = chatOrg(world, route.org, route.chat);
  const chat = org.chats.get(route.chat.toLowerCase());
  if (!chat) throw new Refusal(notFoundReply("Conversation not found"));
  return chat;
}

// `wiggle/list-files?prefix=`: the sandbox's paths and their metadata (GM sandbox-files.md).
export function wiggleList(
  world: World,
  extras: Extras,
  route: { org: string; chat: string },
  query: URLSearchParams,
): Reply {
  const chat = sandboxChat(world, route);
  const prefix = query.get("prefix") ?? "";
  const files = extras.sandboxes.list(chat.uuid).filter((f) => f.path.startsWith(prefix));
  return jsonReply(200, {
    success: true,
    files: files.map((f) => f.path),
    files_metadata: files.map((f) => ({
      path: f.path,
      size: f.bytes().size,
      content_type: f.contentType,
      created_at: f.createdAt,
      custom_metadata: f.customMetadata,
    })),
  });
}

// `wiggle/download-file?path=`: raw bytes, always application/octet-stream.
export function wiggleDownload(
  world: World,
  extras: Extras,
  route: { org: string; chat: string },
  query: URLSearchParams,
): Answer {
  const chat = sandboxChat(world, route);
  const path = query.get("path");
  if (path === null) return invalidRequestReply("query.path: Field required");
  const file = extras.sandboxes.get(chat.uuid, path);
  if (!file) return notFoundReply(`File not found in container: ${path}`);
  return bytesReply({ ...file.bytes(), contentType: "application/octet-stream" });
}
