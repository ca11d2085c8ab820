import { rm } from "node:fs/promises";
import type { ChatEntry } from "../core/types.ts";
import { appendToFile } from "../disk/append-file.ts";
import { syncFolder } from "../disk/atomic-write.ts";
import { groupCommit } from "../disk/group-commit.ts";

// An append-only log of "this chat is saved, as of this list row", one JSON line per chat. It makes a
// killed run resumable without rewriting the whole chat list after every chat: the next run replays
// it. A line cut short by a crash is ignored (that one chat is fetched again).

// How long a chat saved by a sync waits for others to share its journal sync, and how many make a
// batch that goes at once. A first sync saves a chat every 8 ms (6 connections, 50 ms a chat), and a
// sync takes about 1 ms, so without a wait each chat paid a folder sync and a journal sync of its own:
// 2,000 of the 3,000 syncs of 1,000 chats, ~6 % of a chats-only sync's CPU (bench/RESULTS.md). The
// sync gives its tasks room for two batches waiting (sync/task-queue.ts), so no connection idles.
export const JOURNAL_BATCH = { ms: 50, items: 6 };

// Records one saved chat. Called only after the chat file itself is in place; returns once the line
// is on disk (written and synced), so a chat counts as saved only when both are. `folder`: the chat
// file's folder, when its rename is not synced yet (writeFileAtomic's `syncFolder: false`); it is
// synced before the line is written, once for the batch. `gather`: wait for a batch (JOURNAL_BATCH);
// without it, the line and those gathered so far go at once. Each line also starts with a newline:
// after a power cut the file may end in half a line (or zeros), and the next run's first line must not
// be glued to it, or that chat would be forgotten too.
export function appendJournal(
  path: string,
  entry: ChatEntry,
  options: { folder?: string; gather?: boolean } = {},
): Promise<void> {
  return appendLines(path, { line: `\n${JSON.stringify(entry)}\n`, folder: options.folder }, !options.gather);
}

const appendLines = groupCommit<{ line: string; folder: string | undefined }>(async (path, items) => {
  const folders = new Set<string>();
  for (const item of items) if (item.folder !== undefined) folders.add(item.folder);
  await Promise.all([...folders].map(syncFolder));
  await appendToFile(path, items.map((item) => item.line).join(""), { durable: true });
}, JOURNAL_BATCH);

// Forgets a journal once its rows are in chat_conversations.json.
export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
