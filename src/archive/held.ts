import { join } from "node:path";
import { chatsDirOf, listFileOf } from "../core/layout.ts";
import type { ChatEntry } from "../core/types.ts";
import { lowerCase } from "../core/uuid.ts";
import { type ChatFacts, readChatFacts, scanChatFiles } from "./chat-files.ts";
import { readJournal } from "./journal.ts";
import { readListFile } from "./list-file.ts";

// What the backup holds of one chat.
export interface Held {
  entry?: ChatEntry; // the list row it was saved as (from chat_conversations.json or the journal)
  files: string[]; // file names in chat_conversations/ (normally exactly one)
  facts?: ChatFacts; // read from the file itself when there is no row (folders of the original tool)
}

// Builds the index (by lower-case uuid) of what an organization's folder holds: files on disk, rows of
// chat_conversations.json, and rows journaled by a run that was interrupted before rewriting it.
export async function loadHeld(
  orgDir: string,
  journalPath: string,
  options: { ignoreCache: boolean; warn: (message: string) => void },
): Promise<Map<string, Held>> {
  const chatsDir = chatsDirOf(orgDir);
  const onDisk = await scanChatFiles(chatsDir);
  const held = new Map<string, Held>();
  const rows = options.ignoreCache
    ? []
    : [...(await readListFile(listFileOf(orgDir), options.warn)), ...(await readJournal(journalPath))];
  // Rows first, so that each chat's record is made with its row (one shape, no property array each).
  for (const entry of rows) {
    // File names carry lower case, claude.ai may not; the row's own string when it is lower case
    // already, since it keys the map for the whole run.
    const key = lowerCase(entry.uuid);
    const chat = held.get(key);
    if (chat) chat.entry = entry;
    else held.set(key, { entry, files: onDisk.get(key) ?? [] }); // no file: fetched again
  }
  for (const [uuid, files] of onDisk) if (!held.has(uuid)) held.set(uuid, { files });
  if (options.ignoreCache) return held; // starting over: nothing is read from the files either
  for (const chat of held.values()) {
    const [file] = chat.files;
    if (!chat.entry && file !== undefined) chat.facts = await readChatFacts(join(chatsDir, file));
  }
  return held;
}
