import { appendFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { storeError } from "../core/store-error.ts";
import type { ChatEntry } from "../core/types.ts";
import { ensureDir } from "../disk/atomic-write.ts";

// An append-only log of "this chat is saved, as of this list row", one JSON line per chat. It makes a
// killed run resumable without rewriting the whole chat list after every chat: the next run replays
// it. A line cut short by a crash is ignored (that one chat is fetched again).

// Records one saved chat. Called only after the chat file itself is in place. Each line also starts
// with a newline: after a power cut the file may end in half a line (or zeros), and the next run's
// first line must not be glued to it, or that chat would be forgotten too.
export async function appendJournal(path: string, entry: ChatEntry): Promise<void> {
  try {
    await appendFile(path, `\n${JSON.stringify(entry)}\n`, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw storeError(error, `cannot write ${path}`);
    await ensureDir(dirname(path));
    await appendJournal(path, entry);
  }
}

// Forgets a journal once its rows are in chat_conversations.json.
export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
