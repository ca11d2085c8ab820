import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { type FakeClaude, startFakeClaude } from "../fake-claude/server.ts";
import { runCli, tempDir } from "../helpers/run-cli.ts";

describe("output modes", () => {
  let fake: FakeClaude;
  let home: { path: string; cleanup: () => Promise<void> };
  let backup: { path: string; cleanup: () => Promise<void> };
  before(async () => {
    fake = await startFakeClaude({ organizations: 1, chatsPerOrg: 16, seed: 9 });
    home = await tempDir();
    backup = await tempDir();
  });
  after(async () => {
    await fake.close();
    await home.cleanup();
    await backup.cleanup();
  });
  const env = () => ({
    CLAUDE_SESSION_KEY: fake.sessionKey,
    CLAUDE_BACKUP_BASE_URL: fake.url,
    HOME: home.path,
  });

  test("--dry-run lists what would be fetched and writes nothing", async () => {
    const result = await runCli([backup.path, "--dry-run", "-s", "0"], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split("\n");
    assert.equal(lines.length, 16);
    for (const line of lines) assert.match(line, /^fetch\t[0-9a-f-]{36}\t/);
    assert.deepEqual(await readdir(backup.path), []);
    assert.equal(fake.count("chat"), 0);
  });

  test("--json prints one summary object on stdout and nothing else", async () => {
    const result = await runCli([backup.path, "--json", "-s", "0"], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.new, 16);
    assert.equal(summary.failed, 0);
    assert.equal(summary.backupDir, backup.path);
    assert.equal(result.stdout.trim().split("\n").length, 1);
  });

  test("--quiet prints nothing when all is well; names on stdout never carry control characters", async () => {
    const quiet = await runCli([backup.path, "--quiet", "-s", "0"], { env: env() });
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout + quiet.stderr, "");
    const [org] = fake.chatOrgs();
    assert.ok(org);
    const uuid = fake.createChat(org.uuid, { name: "evil\u001b[2J\nname\u0007" });
    const result = await runCli([backup.path, "-s", "0"], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${uuid}\tevil [2J name \n`);
  });

  test("--verbose shows each request without the session key", async () => {
    const result = await runCli([backup.path, "--verbose", "-s", "0"], { env: env() });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /GET \/api\/account -> 200/);
    assert.ok(!result.stderr.includes(fake.sessionKey));
  });
});
