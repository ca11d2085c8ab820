import { type ChatEntry, isChatEntry } from "../core/types.ts";
import { readTextIfExists } from "./read-text.ts";

// The journal of an unfinished run (written by store/journal.ts): one JSON line per chat saved, as of
// its list row. A line cut short by a crash is ignored (that one chat is fetched again).

// Reads every complete line of a journal (none when the file does not exist).
export async function readJournal(path: string): Promise<ChatEntry[]> {
  const text = (await readTextIfExists(path)) ?? "";
  const entries: ChatEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isChatEntry(parsed)) entries.push(parsed);
    } catch {
      // The torn last line of a killed run.
    }
  }
  return entries;
}
