import assert from "node:assert/strict";
import fs from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

// fsync is counted by wrapping node:fs's own, before a fresh instance of atomic-write.ts takes it
// (syncBuiltinESMExports hands the wrapper to ES imports; this file runs in its own process).
const synced: number[] = [];
const realFsync = fs.fsync;
fs.fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
  synced.push(fd);
  realFsync(fd, callback);
}) as typeof fs.fsync;
syncBuiltinESMExports();
const fresh = new URL("../../src/disk/atomic-write.ts?counting-fsync", import.meta.url).href;
const { writeFileAtomic }: typeof import("../../src/disk/atomic-write.ts") = await import(fresh);

test("durable: false writes atomically without a sync; the default syncs the file and its folder", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "cb-durable-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFileAtomic(join(dir, "quick.json"), "[1]", { durable: false });
  assert.equal(synced.length, 0);
  assert.equal(await readFile(join(dir, "quick.json"), "utf8"), "[1]");
  if (process.platform !== "win32") assert.equal((await stat(join(dir, "quick.json"))).mode & 0o777, 0o600);
  await writeFileAtomic(join(dir, "synced.json"), "[2]");
  assert.equal(synced.length, process.platform === "win32" ? 1 : 2); // Windows cannot sync a folder
  assert.deepEqual((await readdir(dir)).sort(), ["quick.json", "synced.json"]);
});
