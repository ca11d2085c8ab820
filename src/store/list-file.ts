import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { type Held, type HeldRow, rowDigest, textDigest } from "../archive/held.ts";
import { journalRows } from "../archive/journal.ts";
import { StoreError } from "../core/errors.ts";
import { gathered } from "../core/json-chunks.ts";
import { newestFirstBy } from "../core/newest-first.ts";
import { storeError } from "../core/store-error.ts";
import { lowerCase } from "../core/uuid.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";

// Rewrites chat_conversations.json atomically from every chat held with a row and a file, newest-updated
// first, as the original tool keeps it. The rows are not in memory (archive/held.ts keeps a digest of
// each and where it was read from): each is copied from its place in the old list file or the journal,
// one at a time in the new file's order, so the rewrite of a 10,000-chat list never holds every row.
// Rows the run saved are found in the journal by their digest. A chat whose row is on neither (it
// never is: a row is journaled before it is held) is left out of the list; its file still says what
// it is, and the next run reads it from there.
export async function foldListFile(
  listPath: string,
  journalPath: string,
  held: Map<string, Held>,
): Promise<void> {
  let unplaced = false;
  for (const chat of held.values())
    if (chat.row?.from === "unknown" && chat.files.length > 0) unplaced = true;
  if (unplaced) await placeSavedRows(journalPath, held);
  // The new order, as indexes into two flat arrays (an array of pairs was 10,000 more small arrays
  // at the end of a first sync, the moment its memory peaks).
  const keys: string[] = [];
  const rows: HeldRow[] = [];
  for (const [key, chat] of held) {
    if (!chat.row || chat.files.length === 0 || chat.row.from === "unknown") continue;
    keys.push(key);
    rows.push(chat.row);
  }
  const byRow = newestFirstBy(
    (i: number) => (rows[i] as HeldRow).updatedAt,
    (i: number) => keys[i] as string,
  );
  const order = new Uint32Array(rows.length).map((_, i) => i).sort(byRow);
  const inOrder = Array.from(order, (i) => rows[i] as HeldRow);
  keys.length = 0;
  rows.length = 0;
  const files = {
    list: openIfExists(listPath),
    journal: openIfExists(journalPath),
    paths: { list: listPath, journal: journalPath },
  };
  try {
    if (files.list !== undefined && isAsWritten(inOrder, fstatSync(files.list).size)) return;
    await writeFileAtomic(listPath, gathered(rowTexts(inOrder, files)));
  } finally {
    for (const fd of [files.list, files.journal]) if (fd !== undefined) closeSync(fd);
  }
}

// True when the list file already holds the new list: every row comes from it, in this order, with
// nothing between them but a comma, `[` before and `]` after. A sync with nothing new then leaves the
// file alone rather than writing the same 5 MB again. A file spaced otherwise (the original tool's),
// with rows not held or twice, or in another order, has gaps or jumps, and is rewritten.
function isAsWritten(order: readonly HeldRow[], size: number): boolean {
  let next = 1; // where the next row must start: after the `[`, then after the row and its comma
  for (const row of order) {
    if (row.from !== "list" || row.at !== next) return false;
    next = row.at + row.length + 1;
  }
  return order.length > 0 && next === size;
}

// Finds the journal line of each row the run saved: one of its chat's lines whose digest is the held
// one (an older run's line of the same chat may be there too; two lines of one digest are one text).
async function placeSavedRows(journalPath: string, held: Map<string, Held>): Promise<void> {
  for await (const stored of journalRows(journalPath)) {
    const row = held.get(lowerCase(stored.row.uuid))?.row;
    if (row?.from !== "unknown" || rowDigest(stored.row) !== row.digest) continue;
    row.from = "journal";
    row.at = stored.at;
    row.length = stored.length;
  }
}

// The row read back from its place, as JSON.stringify writes it, and checked against the digest held:
// a file changed behind the run's back (an editor) must not put a wrong row into the list. The
// rewrite stops instead, and the journal stays for the next run to fold.
function rowTextAt(bytes: string, row: HeldRow, paths: { list: string; journal: string }): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(JSON.parse(bytes));
  } catch {
    // not JSON there any more
  }
  if (text === undefined || textDigest(text) !== row.digest) {
    throw changedBehind(row.from === "list" ? paths.list : paths.journal);
  }
  return text;
}

const changedBehind = (path: string): StoreError =>
  new StoreError(
    "STORAGE",
    `${path} was changed by something else while the sync ran; nothing is lost: run the sync again`,
  );

// "[", each row's JSON read back from its place, "]". Re-parsed and written as JSON.stringify writes
// it, so a list file of the original tool (other spacing) comes out in this tool's form.
function* rowTexts(
  order: readonly HeldRow[],
  files: { list: number | undefined; journal: number | undefined; paths: { list: string; journal: string } },
): Generator<string> {
  yield "[";
  let buffer = Buffer.alloc(4096);
  for (let i = 0; i < order.length; i++) {
    const row = order[i] as HeldRow;
    const fd = row.from === "list" ? files.list : files.journal;
    if (fd === undefined) throw changedBehind(row.from === "list" ? files.paths.list : files.paths.journal);
    if (buffer.length < row.length) buffer = Buffer.alloc(row.length * 2);
    const read = readSync(fd, buffer, 0, row.length, row.at);
    const text = rowTextAt(buffer.toString("utf8", 0, read), row, files.paths);
    if (i > 0) yield ",";
    yield text;
  }
  yield "]";
}

function openIfExists(path: string): number | undefined {
  try {
    return openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw storeError(error, `cannot read ${path}`);
  }
}
