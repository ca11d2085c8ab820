import { rm } from "node:fs/promises";
import type { ChatEntry } from "../core/types.ts";
import { appendToFile } from "../disk/append-file.ts";
import { groupCommit } from "../disk/group-commit.ts";

// An append-only log of "this chat is saved, as of this list row", one JSON line per chat. It makes a
// killed run resumable without rewriting the whole chat list after every chat: the next run replays
// it. A line cut short by a crash is ignored (that one chat is fetched again).

// Records one saved chat. Called only after the chat file itself is in place; returns once the line
// is on disk (written and synced), so a chat counts as saved only when both are. Each line also
// starts with a newline: after a power cut the file may end in half a line (or zeros), and the next
// run's first line must not be glued to it, or that chat would be forgotten too. Chats saved at the
// same time share one write and one sync (group-commit.ts): one sync per batch, not per chat.
export function appendJournal(path: string, entry: ChatEntry): Promise<void> {
  return appendLines(path, `\n${JSON.stringify(entry)}\n`);
}

const appendLines = groupCommit<string>((path, lines) =>
  appendToFile(path, lines.join(""), { durable: true }),
);

// Forgets a journal once its rows are in chat_conversations.json.
export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
