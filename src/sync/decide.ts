import type { Held } from "../archive/held.ts";
import { chatFileName } from "../core/names.ts";
import { type ChatEntry, nameOf } from "../core/types.ts";
import { sameEntry } from "./list-walk.ts";

// What to do with one chat of the list: nothing, rename its file locally, or fetch it.
export type Decision = "keep" | "rename" | "fetch";

// Decides from the list row alone whether the backup already holds this version of the chat. With a
// saved row, any change to the row counts (the original tool compares whole rows too); without one
// (a folder made by the original tool), the file's own updated_at and name must match.
export function decide(entry: ChatEntry, held: Held | undefined, nameLimit: number): Decision {
  if (!held || held.files.length === 0) return "fetch";
  const current = held.entry
    ? sameEntry(held.entry, entry)
    : held.facts !== undefined &&
      held.facts.updatedAt === entry.updated_at &&
      held.facts.name === nameOf(entry);
  if (!current) return "fetch";
  return held.files.length === 1 && held.files[0] === fileNameFor(entry, nameLimit) ? "keep" : "rename";
}

// The file name a chat is saved under: `<name>-<uuid>.json`, within the folder's name limit.
export function fileNameFor(entry: ChatEntry, nameLimit: number): string {
  return chatFileName(nameOf(entry), entry.uuid, nameLimit);
}
