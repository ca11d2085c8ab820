import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { HeldChat, heldRowOf, loadHeld, rowDigest, textDigest } from "../../src/archive/held.ts";
import { chatsDirOf, listFileOf } from "../../src/core/layout.ts";
import { chatFileName } from "../../src/core/names.ts";
import type { ChatEntry } from "../../src/core/types.ts";
import { appendJournal } from "../../src/store/journal.ts";
import { fileNameFor } from "../../src/sync/decide.ts";
import { tempDir } from "../helpers/run-cli.ts";

const UUID = "0b6a3b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const entry = (name: string): ChatEntry => ({
  uuid: UUID,
  name,
  created_at: "2026-01-01T00:00:00.000000Z",
  updated_at: "2026-01-02T00:00:00.000000Z",
});

test("a saved chat gives back the file name it was saved under, usual or made safe", () => {
  for (const name of [
    "Sourdough starter",
    "../../etc/passwd",
    "CON",
    "a\u0007b",
    "x".repeat(300),
    "",
    "日本語 🍞",
  ]) {
    const row = entry(name);
    const file = fileNameFor(row, 255);
    const chat = new HeldChat(UUID, heldRowOf(row), file);
    assert.deepEqual(chat.files, [file], JSON.stringify(name.slice(0, 20)));
  }
});

test("a chat saved again (renamed) gives the new name only, and a name given otherwise as it was given", () => {
  const renamed = entry("Final / v2");
  assert.deepEqual(new HeldChat(UUID, heldRowOf(renamed), fileNameFor(renamed, 255)).files, [
    fileNameFor(renamed, 255),
  ]);
  // A name the caller chose otherwise (the folder's shorter name limit) is kept as it was given.
  assert.deepEqual(new HeldChat(UUID, heldRowOf(renamed), chatFileName("Final", UUID)).files, [
    chatFileName("Final", UUID),
  ]);
});

test("a row's digest is a whole number of 52 bits that any change of its JSON changes", () => {
  const row = entry("Sourdough starter");
  const digest = rowDigest(row);
  assert.ok(Number.isSafeInteger(digest) && digest >= 0 && digest < 2 ** 52);
  assert.equal(digest, textDigest(JSON.stringify(row)));
  assert.notEqual(rowDigest({ ...row, is_starred: true }), digest);
  assert.notEqual(rowDigest({ ...row, name: "Sourdough starter " }), digest);
});

test("chats loaded from the folder name the files on disk, also where a journaled row renamed them", async () => {
  const dir = await tempDir();
  try {
    const org = join(dir.path, "org");
    await mkdir(chatsDirOf(org), { recursive: true });
    const journal = join(dir.path, "journal.jsonl");
    const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    const row = (n: number, name: string): ChatEntry => ({ ...entry(name), uuid: uuid(n) });
    // 1: usual name; 2: a name made safe; 3: renamed by a killed run's journal line, file not yet;
    // 4: two files (a killed run's leftover); 5: no file.
    const rows = [row(1, "Bread"), row(2, "a/b"), row(3, "Old"), row(4, "Four"), row(5, "Five")];
    await writeFile(listFileOf(org), JSON.stringify(rows));
    const files = [
      fileNameFor(rows[0] as ChatEntry, 255),
      fileNameFor(rows[1] as ChatEntry, 255),
      fileNameFor(rows[2] as ChatEntry, 255),
      fileNameFor(rows[3] as ChatEntry, 255),
      chatFileName("Vier", uuid(4)),
    ];
    for (const file of files) await writeFile(join(chatsDirOf(org), file), "{}");
    await appendJournal(journal, row(3, "New"));
    const held = await loadHeld(org, journal, { ignoreCache: false, warn: () => {} });
    assert.deepEqual(held.get(uuid(1))?.files, [files[0]]);
    assert.deepEqual(held.get(uuid(2))?.files, [files[1]]);
    assert.deepEqual(held.get(uuid(3))?.files, [files[2]], "the file on disk, not the journaled row's name");
    assert.equal(held.get(uuid(3))?.row?.name, "New");
    assert.deepEqual([...(held.get(uuid(4))?.files ?? [])].sort(), [files[3], files[4]].sort());
    assert.deepEqual(held.get(uuid(5))?.files, []);
  } finally {
    await dir.cleanup();
  }
});
