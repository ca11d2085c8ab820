import { type ChatEntry, isChatEntry } from "../core/types.ts";
import { fileChunks } from "./file-chunks.ts";
import type { StoredRow } from "./list-file.ts";

// The journal of an unfinished run (written by store/journal.ts): one JSON line per chat saved, as of
// its list row. A line cut short by a crash is ignored (that one chat is fetched again).

const NEWLINE = 0x0a;

// Every complete line's row, one at a time, with where the line is in the file (none when the file
// does not exist).
export async function* journalRows(path: string): AsyncGenerator<StoredRow> {
  for await (const line of jsonLines(path))
    if (isChatEntry(line.value)) yield { row: line.value, at: line.at, length: line.length };
}

// A JSON line of an append-only file, and where it is in the file.
export interface JsonLine {
  value: unknown;
  at: number;
  length: number;
}

// The lines of a file of JSON lines from byte `start` on (a line boundary), each parsed, with where
// it is; blank lines and lines that do not parse (torn by a crash) are skipped.
export async function* jsonLines(path: string, start = 0): AsyncGenerator<JsonLine> {
  for await (const { bytes, at } of fileLines(path, start)) {
    const parsed = parseLine(bytes);
    if (parsed !== undefined) yield { value: parsed, at, length: bytes.length };
  }
}

// A line of a file, without its newline, and where it starts.
export interface FileLine {
  bytes: Buffer; // may be a view of the chunk read: the caller's until it asks for the next line
  at: number;
}

// Every line of a file from byte `start` on (a line boundary), the last one also without a newline;
// nothing when the file does not exist.
export async function* fileLines(path: string, start = 0): AsyncGenerator<FileLine> {
  let pending: Buffer[] = []; // the current line's bytes from earlier chunks
  let lineAt = start;
  let offset = start; // bytes before this chunk
  for await (const chunk of fileChunks(path, start)) {
    let from = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, from)) {
      pending.push(chunk.subarray(from, end));
      yield { bytes: pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending), at: lineAt };
      pending = [];
      from = end + 1;
      lineAt = offset + from;
    }
    // Copied: the chunk's buffer is read into again for the next chunk (file-chunks.ts).
    if (from < chunk.length) pending.push(Buffer.from(chunk.subarray(from)));
    offset += chunk.length;
  }
  if (pending.length > 0) yield { bytes: Buffer.concat(pending), at: lineAt };
}

// Reads every complete line of a journal (none when the file does not exist).
export async function readJournal(path: string): Promise<ChatEntry[]> {
  const entries: ChatEntry[] = [];
  for await (const { row } of journalRows(path)) entries.push(row);
  return entries;
}

function parseLine(line: Buffer): unknown {
  const text = line.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // The torn last line of a killed run.
  }
}
