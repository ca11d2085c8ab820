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

// The rows of the list file, one at a time, each with where it is in the file (store/list-fold.ts
// reads rows back by position). Throws a JsonArrayError or a SyntaxError when the file is not a JSON
// list, possibly after some rows: a caller that must not act on part of a damaged file gathers first.
// Elements that are not rows (no uuid or updated_at) are skipped.
export async function* listFileRows(path: string): AsyncGenerator<StoredRow> {
  if (!(await exists(path))) return; // no list yet: no rows (an empty file is a damaged one)
  for await (const { bytes, at } of jsonArrayElementsAt(fileChunks(path), path)) {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    if (isChatEntry(value)) yield { row: value, at, length: bytes.length };
  }
}

// True for the errors of a list file that is not a JSON list (as opposed to one that cannot be read).
export function isDamagedList(error: unknown): boolean {
  return error instanceof JsonArrayError || error instanceof SyntaxError;
}

// Reads the list file; a missing file is an empty list, and an unreadable one is ignored with a
// warning (the chat files themselves still say what we hold).
export async function readListFile(path: string, warn: (message: string) => void): Promise<ChatEntry[]> {
  const rows: ChatEntry[] = [];
  try {
    for await (const { row } of listFileRows(path)) rows.push(row);
    return rows;
  } catch (error) {
    if (!isDamagedList(error)) throw error;
    warn(listIgnored(path));
    return [];
  }
}

// The warning for a list file that is not a JSON list.
export const listIgnored = (path: string): string =>
  `ignoring ${path}: it is not a JSON list of chats (it will be rewritten)`;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw storeError(error, `cannot read ${path}`);
  }
}
