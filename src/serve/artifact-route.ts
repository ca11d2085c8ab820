import type { IncomingMessage, ServerResponse } from "node:http";
import { branchThrough } from "../core/chat-tree.ts";
import { isRecord } from "../core/guards.ts";
import { replayArtifacts } from "../render/artifacts.ts";
import { openChat } from "./chat-data.ts";
import { ARTIFACT_CSP } from "./headers.ts";
import { FRAMED_TYPES } from "./pages/parts.ts";
import { send, sendText } from "./respond.ts";
import type { RouteDeps } from "./routes.ts";

// An HTML or SVG artifact as its own document, for the chat page's sandboxed <iframe>. The content
// is whatever the chat holds (the model wrote it; a shared or imported chat may hold anything), so
// its CSP makes it an opaque origin (`sandbox allow-scripts`, without allow-same-origin) with no
// network: its scripts run, but cannot reach the viewer's pages, cookie or API.

// Serves the artifact as it stood after tool call `key` of chat `chatUuid`.
export async function sendArtifact(
  request: IncomingMessage,
  response: ServerResponse,
  deps: RouteDeps,
  chatUuid: string,
  key: string,
): Promise<void> {
  const meta = (await deps.index.current()).byUuid.get(chatUuid);
  const open = meta ? await openChat(meta, null) : undefined;
  const message = open
    ? [...open.tree.messages.values()].find((m) => callIds(m.raw).includes(key))
    : undefined;
  if (!open || !message) return sendText(request, response, 404, "This artifact is not in the backup.");
  const replay = replayArtifacts(branchThrough(open.tree, message.uuid));
  const event = replay.events.get(key);
  const state = event ? replay.artifacts.get(event.target) : undefined;
  const content = state && event && event.version > 0 ? state.versions[event.version - 1] : undefined;
  if (!state || content === undefined || !FRAMED_TYPES.has(state.type)) {
    return sendText(request, response, 404, "This artifact cannot be shown in a frame.");
  }
  send(
    request,
    response,
    200,
    {
      "content-type": `${state.type}; charset=utf-8`,
      "content-security-policy": ARTIFACT_CSP,
      "cross-origin-resource-policy": "same-origin",
    },
    content,
  );
}

// The ids the message's tool calls go by (the id, else `<message uuid>:<block index>`, as render/blocks.ts).
function callIds(message: Record<string, unknown>): string[] {
  const content = Array.isArray(message.content) ? message.content : [];
  return content.map((block, index) =>
    isRecord(block) && typeof block.id === "string" && block.id
      ? block.id
      : `${String(message.uuid)}:${index}`,
  );
}
