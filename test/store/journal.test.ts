import assert from "node:assert/strict";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { readJournal } from "../../src/archive/journal.ts";
import type { ChatEntry } from "../../src/core/types.ts";
import { appendJournal, clearJournal } from "../../src/store/journal.ts";
import { tempDir } from "../helpers/run-cli.ts";

const entry = (n: number): ChatEntry => ({
  uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  updated_at: `2026-01-0${n}T00:00:00.000000Z`,
  name: `chat ${n}`,
});

test("lines are read back in order; a missing journal is empty; clearing removes it", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir.path, "journal", "org.jsonl");
    assert.deepEqual(await readJournal(path), []);
    await appendJournal(path, entry(1));
    await appendJournal(path, entry(2));
    assert.deepEqual(await readJournal(path), [entry(1), entry(2)]);
    await clearJournal(path);
    assert.deepEqual(await readJournal(path), []);
  } finally {
    await dir.cleanup();
  }
});

test("a line torn by a power cut loses only its own chat, not the next run's lines", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir.path, "org.jsonl");
    await appendJournal(path, entry(1));
    // The cut: half a line, no newline (or the zeros some file systems leave after a crash).
    await appendFile(path, JSON.stringify(entry(2)).slice(0, 30));
    await appendFile(path, "\0\0\0");
    await appendJournal(path, entry(3));
    await appendJournal(path, entry(4));
    assert.deepEqual(await readJournal(path), [entry(1), entry(3), entry(4)]);
    assert.ok((await readFile(path, "utf8")).includes(JSON.stringify(entry(3))));
  } finally {
    await dir.cleanup();
  }
});
