import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { FAST } from "../helpers/match-server.ts";
import { runCli, tempDir } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { useScenario } from "../helpers/scenario.ts";

describe("bad input gets a clear error and a distinct exit code", () => {
  // Its backup folder goes unused: tests that write one make their own, so each starts empty.
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 5, seed: 2 });

  for (const args of [
    ["-c", "0"],
    ["-r", "abc"],
    ["-s", "-1"],
    ["--no-such-flag"],
    ["a", "b"],
    ["--min-retry-delay", "9", "--max-retry-delay", "1"],
  ]) {
    test(`usage error for ${args.join(" ")}`, async () => {
      const { fake, env } = scenario;
      const result = await runInProcess(args, { env });
      assert.equal(result.code, EXIT_CODES.usage);
      assert.match(result.stderr, /^claude-backup: .+\nTry 'claude-backup --help'/);
      assert.equal(fake.count(), 0);
    });
  }

  test("--help shows every option with its default", async () => {
    const { env } = scenario;
    const result = await runInProcess(["--help"], { env });
    assert.equal(result.code, 0);
    for (const text of [
      "--connections",
      "(default: 6)",
      "(default: 0.1)",
      "(default: 10)",
      "(default: 1.0)",
      "(default: 60.0)",
      "--ignore-cache",
      "-d",
    ]) {
      assert.ok(result.stdout.includes(text), `help lacks ${text}`);
    }
  });

  test("--version prints the package version", async () => {
    const { env } = scenario;
    const result = await runCli(["-v"], { env }); // the real bin: it reads package.json
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^claude-backup \d+\.\d+\.\d+\n$/);
  });

  test("a missing key names the variable", async () => {
    const { fake, home } = scenario;
    const backup = await tempDir();
    try {
      const result = await runInProcess([backup.path], {
        env: { CLAUDE_BACKUP_BASE_URL: fake.url, HOME: home },
      });
      assert.equal(result.code, EXIT_CODES.noSessionKey);
      assert.match(result.stderr, /CLAUDE_SESSION_KEY/);
    } finally {
      await backup.cleanup();
    }
  });

  test("an expired key stops at once, without retries, and never shows the key", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      fake.resetRequests();
      const key = "sk-ant-sid02-EXPIRED-test-key-value";
      const result = await runInProcess([backup.path, ...FAST], {
        env: { ...env, CLAUDE_SESSION_KEY: key },
      });
      assert.equal(result.code, EXIT_CODES.sessionRejected);
      assert.equal(fake.count(), 1);
      assert.match(result.stderr, /rejected the session key from CLAUDE_SESSION_KEY/);
      assert.ok(!result.stderr.includes(key) && !result.stdout.includes(key));
    } finally {
      await backup.cleanup();
    }
  });

  test("a Cloudflare challenge is explained quickly, not retried for minutes", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      fake.injectFault("account", { type: "cloudflare" }, 100);
      const started = Date.now();
      const result = await runInProcess([backup.path, "-s", "0"], { env });
      assert.equal(result.code, EXIT_CODES.blocked);
      assert.match(result.stderr, /Cloudflare/);
      assert.ok(Date.now() - started < 20_000);
    } finally {
      fake.clearFaults();
      await backup.cleanup();
    }
  });

  test("a JSON 403 'Missing permissions' says the account is refused, with its own exit code", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      fake.resetRequests();
      fake.injectFault("account", { type: "missing_permissions" }, 100);
      const result = await runInProcess([backup.path, ...FAST], { env });
      assert.equal(result.code, EXIT_CODES.accountRefused);
      assert.equal(fake.count(), 1, "not retried: another try cannot help");
      assert.match(result.stderr, /missing permissions/i);
      assert.match(result.stderr, /Anthropic support/);
      assert.doesNotMatch(result.stderr, /VPN/);
    } finally {
      fake.clearFaults();
      await backup.cleanup();
    }
  });

  test("a JSON 403 region block keeps the VPN hint", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      fake.injectFault("account", { type: "region_blocked" }, 100);
      const result = await runInProcess([backup.path, ...FAST], { env });
      assert.equal(result.code, EXIT_CODES.blocked);
      assert.match(result.stderr, /unable to serve your request/);
      assert.match(result.stderr, /VPN/);
    } finally {
      fake.clearFaults();
      await backup.cleanup();
    }
  });

  test("a redirect is not followed", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      fake.injectFault("account", { type: "redirect", location: "/login" }, 1);
      const result = await runInProcess([backup.path, ...FAST], { env });
      assert.equal(result.code, EXIT_CODES.blocked);
      assert.match(result.stderr, /redirect/);
    } finally {
      fake.clearFaults();
      await backup.cleanup();
    }
  });

  test("a malformed account answer is retried, then reported as an API change", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      fake.injectFault("account", { type: "malformed" }, 100);
      const result = await runInProcess([backup.path, ...FAST, "-r", "2"], { env });
      assert.equal(result.code, EXIT_CODES.badResponse);
      assert.match(result.stderr, /not valid JSON/);
      assert.deepEqual(
        await readdir(backup.path).then((names) => names.filter((n) => n.endsWith(".json"))),
        [],
      );
    } finally {
      fake.clearFaults();
      await backup.cleanup();
    }
  });

  test("an answer that is not well-formed HTTP is retried, then reported as a bad response, losing nothing", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      fake.injectFault("account", { type: "broken_http" }, 100);
      const result = await runInProcess([backup.path, ...FAST, "-r", "2"], { env });
      assert.equal(result.code, EXIT_CODES.badResponse);
      assert.match(
        result.stderr,
        /malformed HTTP answer: the content-length is not one number .*after 3 attempts/,
      );
      assert.equal(
        result.stderr
          .trim()
          .split("\n")
          .filter((line) => line.startsWith("claude-backup:")).length,
        1,
      );
      assert.deepEqual(
        await readdir(backup.path).then((names) => names.filter((n) => n.endsWith(".json"))),
        [],
      );
    } finally {
      fake.clearFaults();
      await backup.cleanup();
    }
  });

  test("a base URL that is not http(s) is a usage error", async () => {
    const { env } = scenario;
    const result = await runInProcess([], { env: { ...env, CLAUDE_BACKUP_BASE_URL: "ftp://x" } });
    assert.equal(result.code, EXIT_CODES.usage);
  });
});
