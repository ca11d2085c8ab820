import { isRecord } from "./guards.ts";
import { isUuid } from "./uuid.ts";

// The only fields of claude.ai's JSON this tool relies on. Everything else is stored raw, untouched.

// An organization from /api/account memberships (docs/claude-api.md §2.1).
export interface Organization {
  uuid: string;
  name: string;
  capabilities: string[];
}

// Which list endpoint an organization answers: the original v1 array, or the 2026 v2 envelope.
export type ListApi = "v1" | "v2";

// A row of the chat list (docs/claude-api.md §3.3), kept as the raw object it came in.
export type ChatEntry = Record<string, unknown> & { uuid: string; updated_at: string };

// True for a list row we can use: a UUID and an `updated_at` string.
export function isChatEntry(value: unknown): value is ChatEntry {
  return isRecord(value) && isUuid(value.uuid) && typeof value.updated_at === "string";
}

// The display name of a chat or organization; claude.ai uses "" or null for "no name" (docs/claude-api.md §2.1).
export function nameOf(value: Record<string, unknown>): string {
  return typeof value.name === "string" ? value.name : "";
}
