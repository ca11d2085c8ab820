import assert from "node:assert/strict";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { type JsonLine, jsonLines, readJournal } from "../../src/archive/journal.ts";
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

test("lines longer than a read, and lines cut by one anywhere, come back whole, with their places", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir.path, "lines.jsonl");
    // Lengths around and past the 64 KB read (archive/file-chunks.ts), in characters of one to four
    // UTF-8 bytes, so that reads end inside lines and inside characters.
    const values = [10, 65_530, 3, 140_000, 7, 65_536, 1, 200_001].map((size, i) => ({
      i,
      text: "aé日🍞".repeat(Math.ceil(size / 4)).slice(0, size),
    }));
    const lines = values.map((value) => JSON.stringify(value));
    await appendFile(path, `${lines.join("\n")}\n`);
    const bytes = await readFile(path);
    const read: JsonLine[] = [];
    for await (const line of jsonLines(path)) read.push(line);
    assert.deepEqual(
      read.map((line) => line.value),
      values,
    );
    for (const line of read) {
      const text = bytes.subarray(line.at, line.at + line.length).toString("utf8");
      assert.deepEqual(JSON.parse(text), line.value);
    }
    // From a line's start on, as a files fold reads this run's lines.
    const third = read[3] as JsonLine;
    const rest: unknown[] = [];
    for await (const line of jsonLines(path, third.at)) rest.push(line.value);
    assert.deepEqual(rest, values.slice(3));
  } finally {
    await dir.cleanup();
  }
});
