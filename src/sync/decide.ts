import type { ChatFacts } from "../archive/chat-files.ts";
import { type Held, rowDigest } from "../archive/held.ts";
import { chatFileName } from "../core/names.ts";
import { type ChatEntry, nameOf } from "../core/types.ts";

// What to do with one chat of the list: nothing, rename its file locally, or fetch it.
export type Decision = "keep" | "rename" | "fetch";

// Decides from the list row alone whether the backup already holds this version of the chat. With a
// saved row, any change to the row counts (the original tool compares whole rows too); without one
// (a folder made by the original tool, or a chat whose file a killed run wrote before its journal
// line), the file's own updated_at and name must match, and its star and project where both say.
export function decide(entry: ChatEntry, held: Held | undefined, nameLimit: number): Decision {
  if (!held || held.files.length === 0) return "fetch";
  const current = held.row
    ? held.row.digest === rowDigest(entry)
    : held.facts !== undefined && fileIsRow(held.facts, entry);
  if (!current) return "fetch";
  return held.files.length === 1 && held.files[0] === fileNameFor(entry, nameLimit) ? "keep" : "rename";
}

// Starring a chat or moving it to a project leaves its updated_at as it was, so those are compared too.
function fileIsRow(facts: ChatFacts, entry: ChatEntry): boolean {
  const agree = (held: unknown, listed: unknown) =>
    held === undefined || listed === undefined || held === listed;
  return (
    facts.updatedAt === entry.updated_at &&
    facts.name === nameOf(entry) &&
    agree(facts.starred, entry.is_starred) &&
    agree(facts.projectUuid, entry.project_uuid)
  );
}

// The file name a chat is saved under: `<name>-<uuid>.json`, within the folder's name limit.
export function fileNameFor(entry: ChatEntry, nameLimit: number): string {
  return chatFileName(nameOf(entry), entry.uuid, nameLimit);
}
