import assert from "node:assert/strict";
import { appendFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { stateDir } from "../../src/core/layout.ts";
import { type FilesDone, loadFilesDone } from "../../src/store/files-done.ts";
import { tempDir } from "../helpers/run-cli.ts";

const ORG = "00000000-0000-4000-8000-00000000000a";
const chat = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const record = (n: number, version = "2026-01-01T00:00:00Z"): FilesDone => ({
  v: version,
  d: `chat ${n}-${chat(n)}`,
  b: n % 2 === 0 ? [] : [String(n).padStart(64, "a")],
});

// The organization's folded records file and journal, their folder made.
async function recordFiles(root: string): Promise<{ folded: string; journal: string }> {
  const filesDir = join(stateDir(root), "files");
  await mkdir(filesDir, { recursive: true });
  return { folded: join(filesDir, `${ORG}.json`), journal: join(filesDir, `${ORG}.jsonl`) };
}

test("records of earlier runs are kept, this run's come from the journal, the latest of each chat wins", async () => {
  const dir = await tempDir();
  try {
    const { folded, journal } = await recordFiles(dir.path);
    // An earlier run folded chats 1 and 2; a killed one appended chat 3 and a torn line.
    await writeFile(folded, JSON.stringify({ [chat(1)]: record(1), [chat(2)]: record(2) }));
    await appendFile(journal, `\n${JSON.stringify({ c: chat(3), r: record(3) })}\n{"c":"torn`);
    const done = await loadFilesDone(dir.path, ORG);
    assert.deepEqual(done.get(chat(1)), record(1));
    assert.deepEqual(done.get(chat(3)), record(3));
    // This run: chat 2 again (newer), chat 4 twice (the second wins), chat 5.
    await done.add(chat(2), record(2, "2026-02-01T00:00:00Z"));
    await done.add(chat(4), record(4));
    await done.add(chat(4), record(4, "2026-03-01T00:00:00Z"));
    await done.add(chat(5), record(5));
    assert.equal(done.get(chat(4)), undefined, "a record of this run is not kept in memory");
    await done.save();
    assert.deepEqual(JSON.parse(await readFile(folded, "utf8")), {
      [chat(1)]: record(1),
      [chat(3)]: record(3),
      [chat(2)]: record(2, "2026-02-01T00:00:00Z"),
      [chat(4)]: record(4, "2026-03-01T00:00:00Z"),
      [chat(5)]: record(5),
    });
    await assert.rejects(stat(journal), { code: "ENOENT" }, "the journal is folded and gone");
    // And read back as the next run's records.
    const next = await loadFilesDone(dir.path, ORG);
    assert.deepEqual(next.get(chat(4)), record(4, "2026-03-01T00:00:00Z"));
  } finally {
    await dir.cleanup();
  }
});

test("with no records at all, saving writes an empty object", async () => {
  const dir = await tempDir();
  try {
    const done = await loadFilesDone(dir.path, ORG);
    await done.save();
    assert.equal(await readFile(join(stateDir(dir.path), "files", `${ORG}.json`), "utf8"), "{}");
  } finally {
    await dir.cleanup();
  }
});

test("the folded file has a member per line: a damaged line loses only its chat; a one-line file of before is read", async () => {
  const dir = await tempDir();
  try {
    const { folded } = await recordFiles(dir.path);
    // Written the old way, on one line.
    await writeFile(folded, JSON.stringify({ [chat(1)]: record(1), [chat(2)]: record(2) }));
    const old = await loadFilesDone(dir.path, ORG);
    assert.deepEqual(old.get(chat(2)), record(2));
    await old.add(chat(3), record(3));
    await old.save();
    const text = await readFile(folded, "utf8");
    assert.deepEqual(text.split("\n"), [
      "{",
      `${JSON.stringify(chat(1))}:${JSON.stringify(record(1))},`,
      `${JSON.stringify(chat(2))}:${JSON.stringify(record(2))},`,
      `${JSON.stringify(chat(3))}:${JSON.stringify(record(3))}`,
      "}",
    ]);
    // Chat 2's line is damaged (a bad sector, an editor): chats 1 and 3 keep their records.
    await writeFile(folded, text.replace(`"${chat(2)}":{`, `"${chat(2)}":{"v":`));
    const next = await loadFilesDone(dir.path, ORG);
    assert.deepEqual(next.get(chat(1)), record(1));
    assert.equal(next.get(chat(2)), undefined);
    assert.deepEqual(next.get(chat(3)), record(3));
  } finally {
    await dir.cleanup();
  }
});
