import assert from "node:assert/strict";
import fs from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { ChatEntry } from "../../src/core/types.ts";

// What each fsync was of, and what the journal held at that moment, recorded by wrapping node:fs's own
// before journal.ts (and the atomic-write.ts it syncs folders with) are loaded: this file runs in its
// own process.
const syncs: { folder: boolean; journalLines: number }[] = [];
let journalPath = "";
const realFsync = fs.fsync;
fs.fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
  const folder = fs.fstatSync(fd).isDirectory();
  const text = fs.existsSync(journalPath) ? fs.readFileSync(journalPath, "utf8") : "";
  syncs.push({ folder, journalLines: text.split("\n").filter(Boolean).length });
  realFsync(fd, callback);
}) as typeof fs.fsync;
syncBuiltinESMExports();
const { appendJournal, JOURNAL_BATCH }: typeof import("../../src/store/journal.ts") = await import(
  new URL("../../src/store/journal.ts?counting-fsync", import.meta.url).href
);

const row = (n: number): ChatEntry =>
  ({
    uuid: `00000000-0000-4000-8000-00000000000${n}`,
    name: `chat ${n}`,
    updated_at: "2026-01-01T00:00:00Z",
  }) as ChatEntry;

test("chats saved together share one folder sync and one journal sync, the folder's first", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "cb-journal-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const chats = join(dir, "chat_conversations");
  await fs.promises.mkdir(chats);
  journalPath = join(dir, "journal.jsonl");
  // Three chats whose files are renamed into `chats` unsynced, saved a few ms apart, as a sync does.
  const saved: Promise<void>[] = [];
  for (const n of [1, 2, 3]) {
    await writeFile(join(chats, `chat-${n}.json`), "{}");
    saved.push(appendJournal(journalPath, row(n), { folder: chats, gather: true }));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(saved);
  if (process.platform === "win32") assert.deepEqual(syncs, [{ folder: false, journalLines: 3 }]);
  else
    assert.deepEqual(syncs, [
      { folder: true, journalLines: 0 }, // the renames are on disk before any line says "saved"
      { folder: false, journalLines: 3 },
    ]);
  const lines = (await readFile(journalPath, "utf8")).split("\n").filter(Boolean);
  assert.deepEqual(
    lines.map((line) => JSON.parse(line).name),
    ["chat 1", "chat 2", "chat 3"],
  );
});

test("a line not gathered (a local rename) goes at once", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "cb-journal-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  journalPath = join(dir, "journal.jsonl");
  syncs.length = 0;
  // Whether it waited for a batch is seen in the timers it set, not in a stopwatch (this machine may
  // be slow enough for an unbatched fsync to take the batch's 50 ms).
  const timers = t.mock.method(globalThis, "setTimeout");
  await appendJournal(journalPath, row(4));
  const delays = timers.mock.calls.map((call) => call.arguments[1]);
  assert.ok(!delays.includes(JOURNAL_BATCH.ms), `it waited for a batch (timers: ${delays.join(", ")})`);
  timers.mock.restore();
  assert.deepEqual(syncs, [{ folder: false, journalLines: 1 }]);
});
