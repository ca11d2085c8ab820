import assert from "node:assert/strict";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { type Held, heldRowOf } from "../../src/archive/held.ts";
import { journalRows } from "../../src/archive/journal.ts";
import { listFileRows, readListFile } from "../../src/archive/list-file.ts";
import type { ChatEntry } from "../../src/core/types.ts";
import { appendJournal } from "../../src/store/journal.ts";
import { foldListFile } from "../../src/store/list-file.ts";
import { tempDir } from "../helpers/run-cli.ts";

// Rows with names long and varied enough that a few hundred of them span several 64 KB chunks, and
// with characters of two, three and four UTF-8 bytes (a byte offset is not a character offset).
const row = (n: number, day = n % 28, extra: Record<string, unknown> = {}): ChatEntry => ({
  uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  name: `chat ${n} naïve 日本語 🍞 ${"x".repeat(n % 600)}`,
  created_at: "2026-01-01T00:00:00.000000Z",
  updated_at: `2026-02-${String(day + 1).padStart(2, "0")}T00:00:00.${String(n).padStart(6, "0")}Z`,
  is_starred: n % 7 === 0,
  settings: { a: n, b: [1, 2, { c: "]}" }] },
  ...extra,
});
const key = (entry: ChatEntry) => entry.uuid.toLowerCase();
const heldOf = (rows: ChatEntry[]) =>
  new Map<string, Held>(
    rows.map((entry) => [key(entry), { row: heldRowOf(entry), files: [`${entry.uuid}.json`] }]),
  );
const newestFirst = (rows: ChatEntry[]) =>
  [...rows].sort((a, b) =>
    a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : a.uuid < b.uuid ? -1 : 1,
  );

test("rows are read back by position from a list file of the original tool's spacing and a journal", async () => {
  const dir = await tempDir();
  try {
    const list = join(dir.path, "chat_conversations.json");
    const journal = join(dir.path, "journal.jsonl");
    const old = Array.from({ length: 400 }, (_, i) => row(i));
    // json.dump(..., indent=2, ensure_ascii=False) of Python, roughly: other spacing than ours.
    await writeFile(list, JSON.stringify(old, null, 2));
    const positions: string[] = [];
    const bytes = await readFile(list);
    for await (const stored of listFileRows(list)) {
      positions.push(bytes.subarray(stored.at, stored.at + stored.length).toString("utf8"));
    }
    assert.ok(bytes.length > 3 * 64 * 1024, "the file spans several chunks");
    assert.deepEqual(
      positions.map((text) => JSON.parse(text)),
      old,
    );

    const newer = [row(3, 27, { name: "renamed" }), row(1000, 27), row(1001, 0)];
    for (const entry of newer) await appendJournal(journal, entry);
    const journalBytes = await readFile(journal);
    for await (const stored of journalRows(journal)) {
      const text = journalBytes.subarray(stored.at, stored.at + stored.length).toString("utf8");
      assert.deepEqual(JSON.parse(text), stored.row);
    }

    // Held: every old row but 3 (its journal row replaces it) and 5 (no file any more), and the new ones.
    const current = [...old.filter((entry) => entry.uuid !== row(3).uuid), ...newer];
    const held = heldOf(current);
    const five = held.get(key(row(5)));
    if (five) five.files = [];
    await foldListFile(list, journal, held);
    const expected = newestFirst(current.filter((entry) => entry.uuid !== row(5).uuid));
    assert.equal(await readFile(list, "utf8"), JSON.stringify(expected));
  } finally {
    await dir.cleanup();
  }
});

test("a journal line that is not the row held (a killed run's, or a torn one) is left out", async () => {
  const dir = await tempDir();
  try {
    const list = join(dir.path, "chat_conversations.json");
    const journal = join(dir.path, "journal.jsonl");
    await writeFile(list, JSON.stringify([row(1), row(2)]));
    await appendJournal(journal, row(2, 20)); // an older run's line: the chat is held as row(2) again
    await appendFile(journal, JSON.stringify(row(3)).slice(0, 40)); // torn
    await appendJournal(journal, row(4));
    const held = heldOf([row(1), row(2), row(4)]);
    // row(9) is held with a row that is on neither: it is left out, not guessed.
    held.set(key(row(9)), { row: heldRowOf(row(9)), files: ["x.json"] });
    await foldListFile(list, journal, held);
    assert.deepEqual(JSON.parse(await readFile(list, "utf8")), newestFirst([row(1), row(2), row(4)]));
  } finally {
    await dir.cleanup();
  }
});

test("a damaged list file is ignored as a whole (as when the run began); the journal's rows are kept", async () => {
  const dir = await tempDir();
  try {
    const list = join(dir.path, "chat_conversations.json");
    const journal = join(dir.path, "journal.jsonl");
    await writeFile(list, `${JSON.stringify([row(1), row(2)]).slice(0, -20)}`);
    const warnings: string[] = [];
    assert.deepEqual(await readListFile(list, (message) => warnings.push(message)), []);
    assert.match(warnings[0] ?? "", /not a JSON list of chats/);
    await appendJournal(journal, row(2));
    await foldListFile(list, journal, heldOf([row(1), row(2)]));
    assert.deepEqual(JSON.parse(await readFile(list, "utf8")), [row(2)]);
  } finally {
    await dir.cleanup();
  }
});

test("with neither file, the list is written empty", async () => {
  const dir = await tempDir();
  try {
    const list = join(dir.path, "chat_conversations.json");
    await foldListFile(list, join(dir.path, "none.jsonl"), heldOf([row(1)]));
    assert.equal(await readFile(list, "utf8"), "[]");
  } finally {
    await dir.cleanup();
  }
});
