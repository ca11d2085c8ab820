import type { ChatEntry } from "../core/types.ts";
import { saveChatFile } from "../store/chat-files.ts";
import { appendJournal } from "../store/journal.ts";
import { fileNameFor } from "./decide.ts";
import type { SaveOutcome } from "./events.ts";
import type { OrgContext, OrgRun } from "./org-run.ts";

// Fetches one chat and saves it: raw bytes as served, under `<name>-<uuid>.json`, mtime = updated_at.
// Order matters for resuming: file first, then the journal line, then it leaves the to-do list.
export async function fetchAndSaveChat(
  run: OrgRun,
  entry: ChatEntry,
  context: OrgContext,
): Promise<SaveOutcome> {
  const { body, json } = await context.api.conversation(run.org.uuid, entry.uuid);
  const chat = run.held.get(entry.uuid) ?? { files: [] };
  const fileName = fileNameFor(entry, context.nameLimit);
  const outcome: SaveOutcome =
    chat.files.length === 0 ? "new" : chat.files.includes(fileName) ? "updated" : "renamed";
  await saveChatFile(run.chatsDir, fileName, body, mtimeOf(json.updated_at, entry.updated_at), chat.files);
  chat.files = [fileName];
  chat.entry = entry;
  run.held.set(entry.uuid, chat);
  await appendJournal(run.journal, entry);
  run.toFetch.delete(entry.uuid);
  run.touched++;
  context.summary[outcome]++;
  return outcome;
}

// The chat's own updated_at (the detail may be newer than the list row), else the row's.
function mtimeOf(...candidates: unknown[]): Date | undefined {
  for (const value of candidates) {
    if (typeof value !== "string") continue;
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return new Date(time);
  }
  return undefined;
}
