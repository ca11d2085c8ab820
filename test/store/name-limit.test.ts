import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { chatFileName } from "../../src/core/names.ts";
import { probeNameLimit } from "../../src/store/name-limit.ts";

test("the probe finds the longest name the folder accepts and leaves nothing behind", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "name-limit-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // Linux file systems here refuse 300 bytes and take 255.
  assert.equal(await probeNameLimit(dir, [300, 255, 143]), 255);
  assert.deepEqual(await readdir(dir), []);
});

test("under a 143-byte limit (eCryptfs) names are cut further and keep the uuid", () => {
  const uuid = "0d13a203-fa63-4d66-9eb5-a95dd556ee49";
  const name = chatFileName("日本語の長いチャット名🎌".repeat(10), uuid, 143);
  assert.ok(Buffer.byteLength(name) <= 143, `${Buffer.byteLength(name)} bytes`);
  assert.ok(name.endsWith(`-${uuid}.json`));
  assert.equal(chatFileName("short", uuid, 143), `short-${uuid}.json`);
});
