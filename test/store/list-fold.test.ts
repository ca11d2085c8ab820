import assert from "node:assert/strict";
import { appendFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { type Held, HeldChat, heldRowOf, loadHeld } from "../../src/archive/held.ts";
import { journalRows } from "../../src/archive/journal.ts";
import { listFileRows } from "../../src/archive/list-file.ts";
import { chatsDirOf, listFileOf } from "../../src/core/layout.ts";
import { chatFileName } from "../../src/core/names.ts";
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
const newestFirst = (rows: ChatEntry[]) =>
  [...rows].sort((a, b) =>
    a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : a.uuid < b.uuid ? -1 : 1,
  );

// An organization folder with a chat file for each row, and its journal path.
async function orgFolder(root: string, rows: ChatEntry[]) {
  const dir = join(root, "org");
  await mkdir(chatsDirOf(dir), { recursive: true });
  for (const entry of rows) await writeFile(join(chatsDirOf(dir), chatFileName("c", entry.uuid)), "{}");
  return { dir, list: listFileOf(dir), journal: join(root, "journal.jsonl") };
}
// What a sync does once a chat is saved: the journal line, then the held row (its place unknown).
async function saved(held: Map<string, Held>, journal: string, entry: ChatEntry): Promise<void> {
  await appendJournal(journal, entry);
  held.set(entry.uuid, new HeldChat(entry.uuid, heldRowOf(entry), chatFileName("c", entry.uuid)));
}
const quiet = { ignoreCache: false, warn: () => {} };

test("rows are copied by position from a list file of the original tool's spacing, the journal, and this run's lines", async () => {
  const dir = await tempDir();
  try {
    const old = Array.from({ length: 400 }, (_, i) => row(i));
    const org = await orgFolder(dir.path, [...old, row(1000), row(1001), row(1002)]);
    // json.dump(..., indent=2, ensure_ascii=False) of Python, roughly: other spacing than ours.
    await writeFile(org.list, JSON.stringify(old, null, 2));
    const bytes = await readFile(org.list);
    assert.ok(bytes.length > 3 * 64 * 1024, "the file spans several chunks");
    const copies: unknown[] = [];
    for await (const stored of listFileRows(org.list)) {
      copies.push(JSON.parse(bytes.subarray(stored.at, stored.at + stored.length).toString("utf8")));
    }
    assert.deepEqual(copies, old);
    // A killed run journaled chat 1000 and a newer row of chat 3.
    await appendJournal(org.journal, row(1000, 27));
    await appendJournal(org.journal, row(3, 27, { name: "renamed" }));
    const held = await loadHeld(org.dir, org.journal, quiet);
    // This run: saves chats 1001 and 1002 and a newer chat 4; chat 5's file is gone.
    const newer = [row(1001, 0), row(1002, 27), row(4, 20, { is_starred: true })];
    for (const entry of newer) await saved(held, org.journal, entry);
    const five = held.get(row(5).uuid);
    if (five) held.set(row(5).uuid, { ...five, files: [] });
    const journalBytes = await readFile(org.journal);
    for await (const stored of journalRows(org.journal)) {
      const text = journalBytes.subarray(stored.at, stored.at + stored.length).toString("utf8");
      assert.deepEqual(JSON.parse(text), stored.row);
    }
    await foldListFile(org.list, org.journal, held);
    const replaced = new Set([row(3).uuid, row(4).uuid, row(5).uuid]);
    const expected = newestFirst([
      ...old.filter((entry) => !replaced.has(entry.uuid)),
      row(1000, 27),
      row(3, 27, { name: "renamed" }),
      ...newer,
    ]);
    assert.equal(await readFile(org.list, "utf8"), JSON.stringify(expected));
  } finally {
    await dir.cleanup();
  }
});

test("a row saved by the run is found by its digest: an older run's line of the same chat is passed over", async () => {
  const dir = await tempDir();
  try {
    const org = await orgFolder(dir.path, [row(1), row(2), row(4), row(9)]);
    await writeFile(org.list, JSON.stringify([row(1), row(2)]));
    await appendJournal(org.journal, row(2, 20)); // an older run's line
    await appendFile(org.journal, JSON.stringify(row(3)).slice(0, 40)); // torn
    // --ignore-cache: nothing is read from the list or the journal; the run saves 1, 2 and 4 again.
    const held = await loadHeld(org.dir, org.journal, { ...quiet, ignoreCache: true });
    for (const entry of [row(1), row(2), row(4)]) await saved(held, org.journal, entry);
    // Chat 9 is held with a row that is on neither: it is left out, not guessed.
    held.set(row(9).uuid, { row: heldRowOf(row(9)), files: ["x.json"] });
    await foldListFile(org.list, org.journal, held);
    assert.deepEqual(JSON.parse(await readFile(org.list, "utf8")), newestFirst([row(1), row(2), row(4)]));
  } finally {
    await dir.cleanup();
  }
});

test("a damaged list file is ignored as a whole, with a warning; the journal's rows are kept", async () => {
  const dir = await tempDir();
  try {
    const org = await orgFolder(dir.path, [row(1), row(2)]);
    await writeFile(org.list, JSON.stringify([row(1), row(2)]).slice(0, -20));
    await appendJournal(org.journal, row(2));
    const warnings: string[] = [];
    const held = await loadHeld(org.dir, org.journal, { ignoreCache: false, warn: (m) => warnings.push(m) });
    assert.match(warnings.join("\n"), /not a JSON list of chats/);
    assert.equal(held.get(row(1).uuid)?.row, undefined);
    await foldListFile(org.list, org.journal, held);
    assert.deepEqual(JSON.parse(await readFile(org.list, "utf8")), [row(2)]);
  } finally {
    await dir.cleanup();
  }
});

test("with no list file and no journal, the list is written empty; a missing list file is no warning", async () => {
  const dir = await tempDir();
  try {
    const org = await orgFolder(dir.path, []);
    const warnings: string[] = [];
    const held = await loadHeld(org.dir, org.journal, { ignoreCache: false, warn: (m) => warnings.push(m) });
    await foldListFile(org.list, org.journal, held);
    assert.equal(await readFile(org.list, "utf8"), "[]");
    assert.deepEqual(warnings, []);
  } finally {
    await dir.cleanup();
  }
});

test("a list that is already the new one is left alone; one in another order is rewritten", async () => {
  const dir = await tempDir();
  try {
    const rows = [row(1), row(2), row(3)];
    const org = await orgFolder(dir.path, rows);
    await writeFile(org.list, JSON.stringify(rows, null, 2));
    await foldListFile(org.list, org.journal, await loadHeld(org.dir, org.journal, quiet));
    const written = await stat(org.list);
    assert.equal(await readFile(org.list, "utf8"), JSON.stringify(newestFirst(rows)));
    // Nothing new: the same file, not a new one renamed over it.
    await foldListFile(org.list, org.journal, await loadHeld(org.dir, org.journal, quiet));
    assert.equal((await stat(org.list)).ino, written.ino);
    // In another order (the same rows): rewritten newest first.
    await writeFile(org.list, JSON.stringify(newestFirst(rows).reverse()));
    await foldListFile(org.list, org.journal, await loadHeld(org.dir, org.journal, quiet));
    assert.equal(await readFile(org.list, "utf8"), JSON.stringify(newestFirst(rows)));
  } finally {
    await dir.cleanup();
  }
});

test("a list file changed behind the run's back stops the rewrite with a clear error and is left as it was", async () => {
  const dir = await tempDir();
  try {
    const rows = [row(1), row(2), row(3)];
    const org = await orgFolder(dir.path, [...rows, row(4)]);
    await writeFile(org.list, JSON.stringify(newestFirst(rows)));
    const held = await loadHeld(org.dir, org.journal, quiet);
    await saved(held, org.journal, row(4));
    // An editor swaps two rows of the same length while the sync runs.
    const edited = JSON.stringify(
      [row(2), row(1), row(3)].map((entry) => ({ ...entry, name: "same length" })),
    );
    await writeFile(org.list, edited);
    await assert.rejects(
      foldListFile(org.list, org.journal, held),
      /was changed by something else while the sync ran/,
    );
    assert.equal(await readFile(org.list, "utf8"), edited, "the list file is as it was");
    assert.deepEqual(
      await readdir(org.dir),
      ["chat_conversations", "chat_conversations.json"],
      "no temp file left",
    );
  } finally {
    await dir.cleanup();
  }
});
