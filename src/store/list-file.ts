import { closeSync, openSync, readSync } from "node:fs";
import { type Held, rowDigest } from "../archive/held.ts";
import { journalRows } from "../archive/journal.ts";
import { isDamagedList, listFileRows, type StoredRow } from "../archive/list-file.ts";
import { gathered } from "../core/json-chunks.ts";
import { newestFirst } from "../core/newest-first.ts";
import { storeError } from "../core/store-error.ts";
import { lowerCase } from "../core/uuid.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";

// Where a held chat's row is on disk: in the list file (0) or the journal (1), at bytes [at, at + length).
interface RowPlace {
  uuid: string;
  updatedAt: string;
  source: 0 | 1;
  at: number;
  length: number;
}

// Rewrites chat_conversations.json atomically from every chat held with a row and a file, newest-updated
// first, as the original tool keeps it. The rows are not in memory (archive/held.ts keeps a digest of
// each): they are found in the old list file and the journal, the one whose digest is the held one, and
// copied from there one at a time in the file's order, so the rewrite of a 10,000-chat list holds a
// position per chat rather than every row. A chat whose row is on neither (it never is: a row is
// journaled before it is held) is left out of the list; its file still says what it is.
export async function foldListFile(
  listPath: string,
  journalPath: string,
  held: Map<string, Held>,
): Promise<void> {
  const note = (places: Map<string, RowPlace>, source: 0 | 1, stored: StoredRow) => {
    const key = lowerCase(stored.row.uuid);
    const chat = held.get(key);
    if (!chat?.row || chat.files.length === 0 || rowDigest(stored.row) !== chat.row.digest) return;
    places.set(key, {
      uuid: key,
      updatedAt: chat.row.updatedAt,
      source,
      at: stored.at,
      length: stored.length,
    });
  };
  // A damaged list file was ignored as a whole when the run began, and is here too; the journal comes
  // second and wins, as it did then.
  let places = new Map<string, RowPlace>();
  try {
    for await (const stored of listFileRows(listPath)) note(places, 0, stored);
  } catch (error) {
    if (!isDamagedList(error)) throw error;
    places = new Map();
  }
  for await (const stored of journalRows(journalPath)) note(places, 1, stored);
  const order = [...places.values()].sort(newestFirst((place) => place.updatedAt));
  places.clear();
  const files = [openIfExists(listPath), openIfExists(journalPath)] as const;
  try {
    await writeFileAtomic(listPath, gathered(rowTexts(order, files)));
  } finally {
    for (const fd of files) if (fd !== undefined) closeSync(fd);
  }
}

// "[", each row's JSON read back from its place, "]". Re-parsed and written as JSON.stringify writes
// it, so a list file of the original tool (other spacing) comes out in this tool's form.
function* rowTexts(order: readonly RowPlace[], files: readonly [number | undefined, number | undefined]) {
  yield "[";
  let buffer = Buffer.alloc(4096);
  for (let i = 0; i < order.length; i++) {
    const place = order[i] as RowPlace;
    const fd = files[place.source] as number;
    if (buffer.length < place.length) buffer = Buffer.alloc(place.length * 2);
    const read = readSync(fd, buffer, 0, place.length, place.at);
    const text = buffer.toString("utf8", 0, read);
    if (i > 0) yield ",";
    yield JSON.stringify(JSON.parse(text));
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
