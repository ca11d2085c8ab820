import { type ChatEntry, isChatEntry } from "../core/types.ts";
import { fileChunks } from "./file-chunks.ts";
import type { StoredRow } from "./list-file.ts";

// The journal of an unfinished run (written by store/journal.ts): one JSON line per chat saved, as of
// its list row. A line cut short by a crash is ignored (that one chat is fetched again).

const NEWLINE = 0x0a;

// Every complete line's row, one at a time, with where the line is in the file (none when the file
// does not exist).
export async function* journalRows(path: string): AsyncGenerator<StoredRow> {
  let pending: Buffer[] = []; // the current line's bytes from earlier chunks
  let lineAt = 0;
  let offset = 0; // bytes before this chunk
  for await (const chunk of fileChunks(path)) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      pending.push(chunk.subarray(start, end));
      const line = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
      const row = rowOfLine(line);
      if (row) yield { row, at: lineAt, length: line.length };
      pending = [];
      start = end + 1;
      lineAt = offset + start;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
    offset += chunk.length;
  }
  // A last line without its newline: whole if it parses.
  const last = Buffer.concat(pending);
  const row = rowOfLine(last);
  if (row) yield { row, at: lineAt, length: last.length };
}

// Reads every complete line of a journal (none when the file does not exist).
export async function readJournal(path: string): Promise<ChatEntry[]> {
  const entries: ChatEntry[] = [];
  for await (const { row } of journalRows(path)) entries.push(row);
  return entries;
}

function rowOfLine(line: Buffer): ChatEntry | undefined {
  const text = line.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isChatEntry(parsed) ? parsed : undefined;
  } catch {
    return undefined; // The torn last line of a killed run.
  }
}
