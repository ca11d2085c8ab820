import assert from "node:assert/strict";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FAST } from "../helpers/match-server.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { withScenario } from "../helpers/scenario.ts";
import { branchingChat, writeBackup } from "./fixtures.ts";

async function withChatFile(body: (path: string, root: string) => Promise<void>): Promise<void> {
  const dir = await tempDir();
  try {
    const [path] = await writeBackup(dir.path, [branchingChat()]);
    assert.ok(path);
    await body(path, dir.path);
  } finally {
    await rm(dir.path, { recursive: true, force: true });
  }
}

describe("claude-backup render FILE", () => {
  test("prints the active branch with tool calls folded; the organization comes from the backup", async () => {
    await withChatFile(async (path) => {
      const result = await runInProcess(["render", path]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^---\ntitle: "Say \\"hi\\": /);
      assert.match(result.stdout, /organization: "Acme \\"R&D\\": <team>"/);
      assert.match(result.stdout, /_\*\*Tool call: web\\_search\*\* — sourdough hydration_/);
      assert.doesNotMatch(result.stdout, /Alternative question|Let me think/);
    });
  });

  test("--branches lists each branch; --branch picks one by number or leaf uuid; --all-branches prints all", async () => {
    await withChatFile(async (path) => {
      const list = await runInProcess(["render", path, "--branches"]);
      assert.equal(list.code, 0, list.stderr);
      const lines = list.stdout.trim().split("\n");
      assert.equal(lines.length, 3);
      assert.match(lines[0] ?? "", /^1\*\t019c2b10-0004-7000-8000-000000000004\t4 messages\tHello/);
      assert.match(
        lines[1] ?? "",
        /^2\t019c2b10-0006-7000-8000-000000000006\t4 messages\tAlternative question instead$/,
      );
      const second = await runInProcess(["render", path, "--branch", "2"]);
      assert.match(second.stdout, /Alternative question/);
      assert.doesNotMatch(second.stdout, /Please change it/);
      const byUuid = await runInProcess(["render", path, "--branch", "019c2b10-0007"]);
      assert.match(byUuid.stdout, /Regenerated answer/);
      const all = await runInProcess(["render", path, "--all-branches"]);
      assert.match(all.stdout, /Please change it[\s\S]*## Branch 2 of 3[\s\S]*## Branch 3 of 3/);
      const bad = await runInProcess(["render", path, "--branch", "9"]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /has 3 branch\(es\); see --branches/);
    });
  });

  test("filters, standard input and HTML", async () => {
    await withChatFile(async (path) => {
      const input = await readFile(path, "utf8");
      const thinking = await runInProcess(["render", "-", "--thinking"], { input });
      assert.equal(thinking.code, 0, thinking.stderr);
      assert.match(thinking.stdout, /Let me think about hydration/);
      assert.doesNotMatch(thinking.stdout, /first question|Tool call/);
      const html = await runInProcess(["render", "-", "--format", "html"], { input });
      assert.match(html.stdout, /^<!doctype html>/);
      assert.equal(html.stdout.match(/<script/g), null);
    });
  });

  test("a file that is not a chat is a usage error (exit 2) in one line", async () => {
    const dir = await tempDir();
    try {
      for (const [name, text] of [
        ["a.json", "{}"],
        ["b.json", "not json"],
        ["c.json", "[1]"],
      ] as const) {
        await writeFile(join(dir.path, name), text);
        const result = await runInProcess(["render", join(dir.path, name)]);
        assert.equal(result.code, 2, name);
        assert.match(result.stderr, /^claude-backup: .*(is not JSON|is not a chat)/);
      }
      const missing = await runInProcess(["render", join(dir.path, "nope.json")]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read .*ENOENT/);
      const conflict = await runInProcess(["render", join(dir.path, "a.json"), "--out", dir.path]);
      assert.equal(conflict.code, 2);
      const noFile = await runInProcess(["render", "--dir", dir.path, "--branches"]);
      assert.equal(noFile.code, 2);
      const help = await runInProcess(["render", "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /usage: claude-backup render/);
    } finally {
      await rm(dir.path, { recursive: true, force: true });
    }
  });
});

test("end to end: a real sync against the fake claude.ai, then render md and html of the backup", async () => {
  await withScenario({ organizations: 1, chatsPerOrg: 12, seed: 11 }, async ({ backup, env, org }) => {
    const sync = await runInProcess([backup, ...FAST], { env });
    assert.equal(sync.code, 0, sync.stderr);
    const md = await runInProcess(["render", "--dir", backup, "--json"], { env });
    assert.equal(md.code, 0, md.stderr);
    const summary = JSON.parse(md.stdout);
    assert.equal(summary.rendered, summary.total);
    assert.ok(summary.total >= 12);
    const orgFolders = await readdir(join(backup, "rendered", "md"));
    const orgFolder = orgFolders.find((f) => f.endsWith(org.uuid));
    assert.ok(orgFolder, `an org folder in ${orgFolders.join(", ")}`);
    const chats = await readdir(join(backup, "organizations", orgFolder, "chat_conversations"));
    const rendered = (await readdir(join(backup, "rendered", "md", orgFolder))).filter((f) =>
      f.endsWith(".md"),
    );
    assert.deepEqual(rendered.sort(), chats.map((c) => c.replace(/\.json$/, ".md")).sort());
    const again = await runInProcess(["render", "--dir", backup, "--json"], { env });
    assert.equal(JSON.parse(again.stdout).rendered, 0);
    const html = await runInProcess(["render", "--dir", backup, "--format", "html"], { env });
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stderr, /rendered \d+ of \d+ chats/);
  });
});

test("sync --render renders right after the sync, only what changed", async () => {
  await withScenario({ organizations: 1, chatsPerOrg: 6, seed: 5 }, async ({ backup, env }) => {
    const first = await runInProcess([backup, ...FAST, "--render"], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /rendered (\d+) of \1 chats \(0 unchanged/);
    const second = await runInProcess(["sync", backup, ...FAST, "--render"], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /rendered 0 of (\d+) chats \(\1 unchanged/);
    assert.ok((await readdir(join(backup, "rendered", "md"))).length > 1);
  });
});
