import { stat } from "node:fs/promises";
import { JsonArrayError, jsonArrayElementsAt } from "../core/json-array.ts";
import { storeError } from "../core/store-error.ts";
import { type ChatEntry, isChatEntry } from "../core/types.ts";
import { fileChunks } from "./file-chunks.ts";

// chat_conversations.json: the list rows of every chat we hold (deleted ones included), newest first,
// as the original tool keeps it. Rows are the API's raw objects.

// A row as it is stored: the row, and the bytes [at, at + length) of the file it was read from.
export interface StoredRow {
  row: ChatEntry;
  at: number;
  length: number;
}

// The rows of the list file, one at a time, each with where it is in the file (store/list-file.ts
// reads rows back by position). Throws a JsonArrayError or a SyntaxError when the file is not a JSON
// list, possibly after some rows: a caller that must not act on part of a damaged file gathers first.
// Elements that are not rows (no uuid or updated_at) are skipped.
export async function* listFileRows(path: string): AsyncGenerator<StoredRow> {
  if (!(await exists(path))) return; // no list yet: no rows (an empty file is a damaged one)
  for await (const { bytes, at } of jsonArrayElementsAt(fileChunks(path), path)) {
    // Parsed at once: `bytes` may be a view of the chunk, which the next chunk is read into.
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    if (isChatEntry(value)) yield { row: value, at, length: bytes.length };
  }
}

// True for the errors of a list file that is not a JSON list (as opposed to one that cannot be read).
function isDamagedList(error: unknown): boolean {
  return error instanceof JsonArrayError || error instanceof SyntaxError;
}

// What `pick` takes of each row of the list file (undefined: nothing), gathered; `pick` must not act
// on the row itself, since a damage found later discards what it took. A damaged file gives
// nothing at all, with a warning when `warn` is given: no caller acts on part of one (the chat files
// themselves still say what we hold). A missing file is an empty list.
export async function gatherListRows<T>(
  path: string,
  pick: (stored: StoredRow) => T | undefined,
  warn?: (message: string) => void,
): Promise<T[]> {
  const picked: T[] = [];
  try {
    for await (const stored of listFileRows(path)) {
      const value = pick(stored);
      if (value !== undefined) picked.push(value);
    }
    return picked;
  } catch (error) {
    if (!isDamagedList(error)) throw error;
    warn?.(`ignoring ${path}: it is not a JSON list of chats (it will be rewritten)`);
    return [];
  }
}

// Reads the list file's rows (see gatherListRows).
export function readListFile(path: string, warn: (message: string) => void): Promise<ChatEntry[]> {
  return gatherListRows(path, ({ row }) => row, warn);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw storeError(error, `cannot read ${path}`);
  }
}
