import { isRecord } from "../core/guards.ts";
import type { ChatEntry } from "../core/types.ts";
import { isUuid } from "../core/uuid.ts";
import { type ImportMarker, MARKER_KEY } from "./marker.ts";

// One conversation of conversations.json: `{uuid, name, summary, created_at, updated_at, account,
// chat_messages[]}` (docs/claude-api.md, "Official export"). Only what the backup needs is read; every
// other field, and every message and content block of any type, is kept as the export wrote it.
export interface ExportConversation {
  uuid: string; // lower case
  name: string;
  updatedAt: string;
  accountUuid: string | undefined;
  object: Record<string, unknown>;
  raw: Buffer;
}

// Parses one element of conversations.json; undefined when it is not a conversation (no uuid, no
// chat_messages list). A syntax error is thrown as it is.
export function parseConversation(raw: Buffer): ExportConversation | undefined {
  const value: unknown = JSON.parse(raw.toString("utf8"));
  if (!isRecord(value) || !isUuid(value.uuid) || !Array.isArray(value.chat_messages)) return undefined;
  const account = isRecord(value.account) && isUuid(value.account.uuid) ? value.account.uuid : undefined;
  return {
    uuid: value.uuid.toLowerCase(),
    name: typeof value.name === "string" ? value.name : "",
    updatedAt: timeOf(value.updated_at) ?? timeOf(value.created_at) ?? "1970-01-01T00:00:00Z",
    accountUuid: account?.toLowerCase(),
    object: value,
    raw,
  };
}

// The chat's row in chat_conversations.json: the list fields the export has, and the marker.
export function listRowOf(chat: ExportConversation, marker: ImportMarker): ChatEntry {
  const row: Record<string, unknown> = { uuid: chat.uuid };
  for (const key of ["name", "summary", "created_at"]) {
    if (key in chat.object) row[key] = chat.object[key];
  }
  return { ...row, uuid: chat.uuid, updated_at: chat.updatedAt, [MARKER_KEY]: marker };
}

function timeOf(value: unknown): string | undefined {
  return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : undefined;
}
