import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULTS, parseSyncOptions } from "../../src/commands/sync-options.ts";
import { UsageError } from "../../src/core/errors.ts";

test("defaults are the original tool's", () => {
  const options = parseSyncOptions([]);
  assert.equal(options.connections, DEFAULTS.connections);
  assert.equal(options.successDelay, 0.1);
  assert.equal(options.retries, 10);
  assert.equal(options.minRetryDelay, 1);
  assert.equal(options.maxRetryDelay, 60);
  assert.equal(options.backupDir, undefined);
});

test("short and long forms, and -d as the original's spelling of the delay", () => {
  const options = parseSyncOptions(["-c", "3", "-d", "0.5", "-r", "2", "dir", "--ignore-cache"]);
  assert.equal(options.connections, 3);
  assert.equal(options.successDelay, 0.5);
  assert.equal(options.retries, 2);
  assert.equal(options.backupDir, "dir");
  assert.equal(options.ignoreCache, true);
  assert.equal(parseSyncOptions(["--success-delay=0"]).successDelay, 0);
});

test("bad values are usage errors", () => {
  for (const args of [
    ["-c", "0"],
    ["-c", "1.5"],
    ["-r", "abc"],
    ["-s", "x"],
    ["-s", "1", "-d", "2"],
    ["--quiet", "--json"],
    ["--bogus"],
  ]) {
    assert.throws(() => parseSyncOptions(args), UsageError, args.join(" "));
  }
});
