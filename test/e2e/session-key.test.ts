import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { FAST } from "../helpers/match-server.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { useScenario } from "../helpers/scenario.ts";

// The key sources through the real CLI; the browser sources are covered by test/auth/.
describe("where the session key comes from", () => {
  const s = useScenario({ organizations: 1, chatsPerOrg: 3, seed: 4 });
  const withoutVariable = () => ({ ...s.env, CLAUDE_SESSION_KEY: undefined });

  test("--session-key-file reads a file holding the key (with a trailing newline)", async () => {
    const file = join(s.home, "session-key");
    await writeFile(file, `${s.fake.sessionKey}\n`, { mode: 0o600 });
    const result = await runInProcess([s.backup, "--session-key-file", file, ...FAST], {
      env: withoutVariable(),
    });
    assert.equal(result.code, EXIT_CODES.ok, result.stderr);
    assert.equal(result.stdout.trim().split("\n").length, 3);
  });

  test("--session-key-file - reads standard input", async () => {
    const result = await runInProcess([s.backup, "--session-key-file", "-", ...FAST], {
      env: withoutVariable(),
      input: `${s.fake.sessionKey}\n`,
    });
    assert.equal(result.code, EXIT_CODES.ok, result.stderr);
  });

  test("an expired key from a file is named by its source, and never shown", async () => {
    const file = join(s.home, "old-key");
    const key = "sk-ant-sid02-OLD-test-key-from-a-file";
    await writeFile(file, key, { mode: 0o600 });
    const result = await runInProcess([s.backup, "--session-key-file", file, ...FAST], {
      env: withoutVariable(),
    });
    assert.equal(result.code, EXIT_CODES.sessionRejected);
    assert.ok(result.stderr.includes(file), result.stderr);
    assert.ok(!result.stderr.includes(key) && !result.stdout.includes(key));
  });

  test("an empty key file is a clear error, not a request", async () => {
    const file = join(s.home, "empty-key");
    await writeFile(file, "\n", { mode: 0o600 });
    s.fake.resetRequests();
    const result = await runInProcess([s.backup, "--session-key-file", file], { env: withoutVariable() });
    assert.notEqual(result.code, EXIT_CODES.ok);
    assert.match(result.stderr, /empty/i);
    assert.equal(s.fake.count(), 0);
  });
});
