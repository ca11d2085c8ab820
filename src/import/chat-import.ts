import { join } from "node:path";
import { readChatJson } from "../archive/archive.ts";
import { type Held, heldRowOf } from "../archive/held.ts";
import { chatFileName } from "../core/names.ts";
import { saveChatFile } from "../store/chat-files.ts";
import { appendJournal } from "../store/journal.ts";
import { type ExportConversation, listRowOf } from "./conversation.ts";
import { type ImportMarker, isImported, withMarker } from "./marker.ts";

// What import did with one conversation of the export.
export type ChatOutcome = "new" | "updated" | "kept" | "unchanged";

// The organization folder a run imports into, and what it holds.
export interface ChatTarget {
  chatsDir: string;
  journal: string;
  held: Map<string, Held>;
  nameLimit: number;
  dryRun: boolean;
  importedNow: Map<string, number>; // uuid → updated_at (ms) of the copies this run wrote
}

// Merges one exported conversation: an API copy (a file without the marker) is never touched, as it
// is richer (model, current branch, files); an earlier import is replaced only by a newer one.
export async function importChat(
  target: ChatTarget,
  chat: ExportConversation,
  marker: ImportMarker,
): Promise<ChatOutcome> {
  const held = target.held.get(chat.uuid);
  const updated = Date.parse(chat.updatedAt);
  const earlier = target.importedNow.get(chat.uuid);
  let outcome: ChatOutcome = "new";
  if (earlier !== undefined) {
    // The same chat twice in one import (two batches): the newer wins.
    if (earlier >= updated) return "unchanged";
    outcome = "updated";
  } else if (held && held.files.length > 0) {
    const [file] = held.files;
    const existing = file === undefined ? undefined : await readChatJson(join(target.chatsDir, file));
    // A file that is not JSON any more holds nothing worth keeping: the import replaces it.
    if (existing !== undefined && !isImported(existing)) return "kept";
    const existingTime = Date.parse(typeof existing?.updated_at === "string" ? existing.updated_at : "");
    if (existingTime >= updated) return "unchanged";
    outcome = "updated";
  }
  target.importedNow.set(chat.uuid, updated);
  if (target.dryRun) return outcome;
  const row = listRowOf(chat, marker);
  const fileName = chatFileName(chat.name, chat.uuid, target.nameLimit);
  // The row goes into the journal before the file is written: a file of ours is never on disk without
  // a row that says it was imported, which a later sync could mistake for the current API copy.
  await appendJournal(target.journal, row);
  const body = withMarker(chat.raw, marker, Object.keys(chat.object).length === 0);
  const mtime = Number.isNaN(updated) ? undefined : new Date(updated);
  await saveChatFile(target.chatsDir, fileName, body, mtime, held?.files ?? []);
  target.held.set(chat.uuid, { row: heldRowOf(row), files: [fileName] });
  return outcome;
}
