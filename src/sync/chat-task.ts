import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { saveChatFile } from "../store/chat-files.ts";
import { fileNameFor } from "./decide.ts";
import type { SaveOutcome } from "./events.ts";
import { type OrgContext, type OrgRun, recordSaved } from "./org-run.ts";

// What a chat's task gets of its answer: the bytes to save and the chat's own updated_at (the file's
// mtime). Not the parsed JSON: see fetchChat in chat-queue.ts.
export interface FetchedChat {
  body: Buffer;
  updatedAt: unknown;
}

// What a chat's task does around its save: `fetch` gets the chat (in a request slot); `saved` hears
// that the chat counts as saved (its journal line is on disk); `alongside` is the work that follows
// the written file (its files, from the JSON), done while the line waits for its batch rather than
// after it.
export interface ChatSaveHooks {
  fetch(): Promise<FetchedChat>;
  saved(outcome: SaveOutcome): void;
  alongside(): Promise<void> | undefined;
}

// Fetches one chat and saves it: raw bytes as served, under `<name>-<uuid>.json`, mtime = updated_at.
// The chat counts as saved once its journal line is on disk, and that line waits for a batch
// (store/journal.ts): the body is let go before then, in writeChat's own frame, so a chat waiting for
// its batch holds a few hundred bytes rather than its whole JSON. Returns when both the line and the
// work alongside are done.
export async function fetchAndSaveChat(
  run: OrgRun,
  entry: ChatEntry,
  context: OrgContext,
  hooks: ChatSaveHooks,
): Promise<void> {
  const { fileName, outcome } = await writeChat(run, entry, context, hooks);
  // recordSaved updates what the run holds before its first wait, so the work alongside sees the file.
  const recorded = recordSaved(run, entry, fileName, outcome, context, { folderToSync: run.chatsDir }).then(
    () => hooks.saved(outcome),
  );
  // Both settle before the task ends, whichever fails: a run stopped meanwhile (Ctrl-C aborts the
  // chat's downloads) is finalized only once every task is done, and a journal line landing after
  // that would outlive the journal's clearing.
  const [record, work] = await Promise.allSettled([recorded, hooks.alongside()]);
  if (record.status === "rejected") throw record.reason;
  if (work.status === "rejected") throw work.reason;
}

async function writeChat(
  run: OrgRun,
  entry: ChatEntry,
  context: OrgContext,
  hooks: ChatSaveHooks,
): Promise<{ fileName: string; outcome: SaveOutcome }> {
  const { body, updatedAt } = await hooks.fetch();
  const chat = run.held.get(canonicalUuid(entry.uuid)) ?? { files: [] };
  const fileName = fileNameFor(entry, context.nameLimit);
  const outcome: SaveOutcome =
    chat.files.length === 0 ? "new" : chat.files.includes(fileName) ? "updated" : "renamed";
  // The folder is synced with the journal line, once for a batch of chats.
  await saveChatFile(run.chatsDir, fileName, body, mtimeOf(updatedAt, entry.updated_at), chat.files, {
    syncFolder: false,
  });
  return { fileName, outcome };
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
