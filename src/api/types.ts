import { isRecord } from "../util/guards.ts";

// The only fields of claude.ai's JSON this tool relies on. Everything else is stored raw, untouched.

// An organization from /api/account memberships (API.md §2.1).
export interface Organization {
  uuid: string;
  name: string;
  capabilities: string[];
}

// A row of the chat list (API.md §3.3), kept as the raw object it came in.
export type ChatEntry = Record<string, unknown> & { uuid: string; updated_at: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// True for a canonical UUID. Ids from the network go into URLs and file names, so they are checked.
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

// True for a list row we can use: a UUID and an `updated_at` string.
export function isChatEntry(value: unknown): value is ChatEntry {
  return isRecord(value) && isUuid(value.uuid) && typeof value.updated_at === "string";
}

// The display name of a chat or organization; claude.ai uses "" or null for "no name" (API.md §2.1).
export function nameOf(value: Record<string, unknown>): string {
  return typeof value.name === "string" ? value.name : "";
}
