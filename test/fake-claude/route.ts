// Maps a request path to the endpoint it names (API.md §1–4); no validation beyond the shape.

export type Route =
  | { kind: "account" }
  | { kind: "organizations" }
  | { kind: "list_v1"; org: string }
  | { kind: "list_v2"; org: string }
  | { kind: "chat"; org: string; chat: string }
  | { kind: "other" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// Classifies `pathname`; conversation routes need the org in the path (IX4: no org → 404).
export function classify(pathname: string): Route {
  const parts = pathname.split("/").slice(1).map(decode);
  const [api, collection, org, sub, chat, ...rest] = parts;
  if (api !== "api" || rest.length > 0 || parts.includes("")) return { kind: "other" };
  if (collection === "account" && org === undefined) return { kind: "account" };
  if (collection !== "organizations") return { kind: "other" };
  if (org === undefined) return { kind: "organizations" };
  if (sub === "chat_conversations" && chat === undefined) return { kind: "list_v1", org };
  if (sub === "chat_conversations_v2" && chat === undefined) return { kind: "list_v2", org };
  if (sub === "chat_conversations" && chat !== undefined) return { kind: "chat", org, chat };
  return { kind: "other" };
}
