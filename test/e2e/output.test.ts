import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { reportError } from "../../src/main.ts";
import { FAST } from "../helpers/match-server.ts";
import { startCli } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { withScenario } from "../helpers/scenario.ts";

// Each test starts its own fake claude.ai and folders, so none depends on another having run first.
const small = { organizations: 1, chatsPerOrg: 16, seed: 9 };

describe("output modes", () => {
  test("--dry-run lists what would be fetched and writes nothing", async () => {
    await withScenario(small, async ({ fake, backup, env }) => {
      const result = await runInProcess([backup, "--dry-run", "-s", "0"], { env });
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trim().split("\n");
      assert.equal(lines.length, 16);
      for (const line of lines) assert.match(line, /^fetch\t[0-9a-f-]{36}\t/);
      assert.deepEqual(await readdir(backup), []);
      assert.equal(fake.count("chat"), 0);
    });
  });

  test("--dry-run --json prints the plan as one JSON object", async () => {
    await withScenario(small, async ({ fake, org, backup, env }) => {
      const result = await runInProcess([backup, "--dry-run", "--json", "-s", "0"], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim().split("\n").length, 1);
      const report = JSON.parse(result.stdout);
      assert.equal(report.dryRun, true);
      assert.equal(report.left, 16);
      assert.equal(report.plan.length, 16);
      const uuids = new Set(fake.listEntries(org.uuid).map((e) => String((e as { uuid: unknown }).uuid)));
      for (const step of report.plan) {
        assert.equal(step.action, "fetch");
        assert.equal(step.organization_uuid, org.uuid);
        assert.ok(uuids.has(step.uuid));
      }
      assert.deepEqual(await readdir(backup), []);
    });
  });

  test("--json prints one summary object on stdout and nothing else", async () => {
    await withScenario(small, async ({ backup, env }) => {
      const result = await runInProcess([backup, "--json", "-s", "0"], { env });
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.equal(summary.new, 16);
      assert.equal(summary.failed, 0);
      assert.equal(summary.backupDir, backup);
      assert.equal(result.stdout.trim().split("\n").length, 1);
    });
  });

  test("--quiet prints nothing when all is well; names on stdout never carry control characters", async () => {
    await withScenario(small, async ({ fake, org, backup, env }) => {
      assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
      const quiet = await runInProcess([backup, "--quiet", "-s", "0"], { env });
      assert.equal(quiet.code, 0);
      assert.equal(quiet.stdout + quiet.stderr, "");
      const uuid = fake.createChat(org.uuid, { name: "evil\u001b[2J\nname\u0007" });
      const result = await runInProcess([backup, "-s", "0"], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `${uuid}\tevil [2J name \n`);
    });
  });

  test("--verbose shows each request without the session key", async () => {
    await withScenario(small, async ({ fake, backup, env }) => {
      const result = await runInProcess([backup, "--verbose", "-s", "0"], { env });
      assert.equal(result.code, 0);
      assert.match(result.stderr, /GET \/api\/account -> 200/);
      assert.ok(!result.stderr.includes(fake.sessionKey));
    });
  });

  test("the folder can be given as --dir, or as CLAUDE_BACKUP_DIR", async () => {
    await withScenario(small, async ({ backup, env }) => {
      const byFlag = await runInProcess(["sync", "--dir", join(backup, "a"), ...FAST], { env });
      assert.equal(byFlag.code, 0, byFlag.stderr);
      const byEnv = await runInProcess([...FAST], { env: { ...env, CLAUDE_BACKUP_DIR: join(backup, "b") } });
      assert.equal(byEnv.code, 0, byEnv.stderr);
      assert.deepEqual((await readdir(backup)).sort(), ["a", "b"]);
      const both = await runInProcess(["sync", join(backup, "c"), "--dir", join(backup, "d")], { env });
      assert.equal(both.code, 2);
    });
  });
});

describe("messages carrying claude.ai's words", () => {
  test("an organization name with escape sequences cannot reach the terminal raw", async () => {
    await withScenario({ organizations: 1, chatsPerOrg: 4, seed: 13 }, async ({ fake, org, backup, env }) => {
      fake.renameOrg(org.uuid, "Evil\u001b[2J\u001b]0;pwned\u0007 Org");
      const result = await runInProcess([backup, "-s", "0"], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /organization Evil \[2J ]0;pwned {2}Org:/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape characters is the point
      assert.doesNotMatch(result.stderr + result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    });
  });
});

describe("a server that is not claude.ai's API", () => {
  // Answers every request with `status` and a plain body, as a wrong CLAUDE_BACKUP_BASE_URL would.
  async function withPlainServer(status: number, body: (url: string) => Promise<void>): Promise<void> {
    const server = createServer((_req, res) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: "Not Found" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.close();
    }
  }

  test("a 404 on the account exits 13 and says to check CLAUDE_BACKUP_BASE_URL", async () => {
    await withScenario(small, async ({ backup, env }) => {
      await withPlainServer(404, async (url) => {
        const result = await runInProcess([backup, "-r", "0"], {
          env: { ...env, CLAUDE_BACKUP_BASE_URL: url },
        });
        assert.equal(result.code, 13, result.stderr);
        assert.match(result.stderr, /HTTP 404.*check CLAUDE_BACKUP_BASE_URL/);
        assert.equal(result.stderr.trim().split("\n").length, 1);
      });
    });
  });
});

describe("secrets in error reports", () => {
  test("a session key read from a file is redacted from debug stack traces too", async () => {
    await withScenario(small, async ({ fake, home, backup, env }) => {
      const keyFile = join(home, "key");
      await writeFile(keyFile, `${fake.sessionKey}\n`);
      const { CLAUDE_SESSION_KEY: _, ...noKeyEnv } = env;
      // The command registers the key it read (here from a file) with the run's secrets…
      const secrets = new Set<string>();
      const result = await runInProcess([backup, "--session-key-file", keyFile, ...FAST], {
        env: noKeyEnv,
        secrets,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual([...secrets], [fake.sessionKey]);
      // …and the error report redacts every registered secret, in the message and in the stack.
      const stderr = new PassThrough();
      let text = "";
      stderr.setEncoding("utf8").on("data", (chunk: string) => {
        text += chunk;
      });
      const error = new Error(`boom with ${fake.sessionKey}`);
      const code = reportError(error, { env: { CLAUDE_BACKUP_DEBUG: "1" }, stderr, secrets });
      assert.equal(code, 1);
      assert.ok(text.includes("boom with"), text);
      assert.ok(!text.includes(fake.sessionKey), text);
    });
  });
});

describe("a reader that goes away", () => {
  test("`claude-backup search … | head -1` ends quietly when the pipe closes (no EPIPE crash)", async () => {
    await withScenario({ organizations: 1, chatsPerOrg: 30, seed: 9 }, async ({ backup, env }) => {
      assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
      const run = startCli(["search", "--dir", backup, "--limit", "500", "the"], { env });
      // Read the first chunk, then close our end, as head does.
      await new Promise<void>((resolve) => run.child.stdout?.once("data", () => resolve()));
      run.child.stdout?.destroy();
      const result = await run.done;
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /EPIPE|unexpected error/);
    });
  });
});
