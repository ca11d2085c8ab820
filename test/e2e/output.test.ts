import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { describe, test } from "node:test";
import { runCli } from "../helpers/run-cli.ts";
import { useScenario } from "../helpers/scenario.ts";

describe("output modes", () => {
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 16, seed: 9 });

  test("--dry-run lists what would be fetched and writes nothing", async () => {
    const { fake, backup, env } = scenario;
    const result = await runCli([backup, "--dry-run", "-s", "0"], { env });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split("\n");
    assert.equal(lines.length, 16);
    for (const line of lines) assert.match(line, /^fetch\t[0-9a-f-]{36}\t/);
    assert.deepEqual(await readdir(backup), []);
    assert.equal(fake.count("chat"), 0);
  });

  test("--json prints one summary object on stdout and nothing else", async () => {
    const { backup, env } = scenario;
    const result = await runCli([backup, "--json", "-s", "0"], { env });
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.new, 16);
    assert.equal(summary.failed, 0);
    assert.equal(summary.backupDir, backup);
    assert.equal(result.stdout.trim().split("\n").length, 1);
  });

  test("--quiet prints nothing when all is well; names on stdout never carry control characters", async () => {
    const { fake, backup, env } = scenario;
    const quiet = await runCli([backup, "--quiet", "-s", "0"], { env });
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout + quiet.stderr, "");
    const [org] = fake.chatOrgs();
    assert.ok(org);
    const uuid = fake.createChat(org.uuid, { name: "evil\u001b[2J\nname\u0007" });
    const result = await runCli([backup, "-s", "0"], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${uuid}\tevil [2J name \n`);
  });

  test("--verbose shows each request without the session key", async () => {
    const { fake, backup, env } = scenario;
    const result = await runCli([backup, "--verbose", "-s", "0"], { env });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /GET \/api\/account -> 200/);
    assert.ok(!result.stderr.includes(fake.sessionKey));
  });
});

describe("messages carrying claude.ai's words", () => {
  const s = useScenario({ organizations: 1, chatsPerOrg: 4, seed: 13 });

  test("an organization name with escape sequences cannot reach the terminal raw", async () => {
    const [org] = s.fake.chatOrgs();
    assert.ok(org);
    s.fake.renameOrg(org.uuid, "Evil\u001b[2J\u001b]0;pwned\u0007 Org");
    const result = await runCli([s.backup, "-s", "0"], { env: s.env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /organization Evil \[2J ]0;pwned {2}Org:/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape characters is the point
    assert.doesNotMatch(result.stderr + result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
