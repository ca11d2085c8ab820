import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { snapshot, verify, verifyJson } from "./fixture.ts";
import { writeOriginalFolder } from "./original-folder.ts";

const posix = process.platform !== "win32";

describe("verify on a folder made by the original tool", () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  const folder = async () => {
    const dir = await tempDir("claude-backup-verify-");
    cleanups.push(dir.cleanup);
    return dir.path;
  };

  test("reports its 0644 files and 0755 folders, changes nothing, and --repair makes them private", async () => {
    const root = await folder();
    const { orgDir, chatPaths } = await writeOriginalFolder(root, { chats: 5 });
    const before = await snapshot(root);
    const first = await verifyJson(root);
    assert.deepEqual(await snapshot(root), before, "verify changed the folder");
    await assert.rejects(stat(join(root, ".claude-backup")), "no .claude-backup/ is made");
    assert.equal(first.report.checked.chats, 5, "the dot-bug file is a chat too");
    if (!posix) {
      assert.equal(first.code, EXIT_CODES.ok);
      return;
    }
    assert.equal(first.code, EXIT_CODES.damaged);
    const expected = [
      join(root, "account.json"),
      join(root, "organizations"),
      orgDir,
      join(orgDir, "chat_conversations"),
      join(orgDir, "chat_conversations.json"),
      ...chatPaths,
    ].sort();
    assert.deepEqual(
      first.report.problems.map((p) => p.path).sort(),
      expected,
      "not `version`, not the root",
    );
    assert.ok(first.report.problems.every((p) => p.kind === "open-permissions" && p.fix === "repair"));

    const repaired = await verify(root, "--repair");
    assert.equal(repaired.code, EXIT_CODES.ok, repaired.stdout + repaired.stderr);
    assert.match(repaired.stderr, /repaired 10 open-permissions/);
    assert.match(repaired.stderr, /verify: 5 chats, 0 files checked; no problems; 10 repaired\n$/);
    for (const path of expected) {
      const info = await stat(path);
      assert.equal(info.mode & 0o777, info.isDirectory() ? 0o700 : 0o600, path);
    }
    assert.equal((await stat(join(root, "version"))).mode & 0o777, 0o644, "version is left as it is");
    assert.equal((await verify(root)).code, EXIT_CODES.ok);
  });
});

describe("verify's command line", () => {
  test("--help prints the usage and exits 0", async () => {
    const result = await runInProcess(["verify", "--help"]);
    assert.equal(result.code, EXIT_CODES.ok);
    assert.match(result.stdout, /^usage: claude-backup verify \[--dir DIR\] \[--json\] \[--repair\]/);
    assert.match(result.stdout, new RegExp(`${EXIT_CODES.damaged} problems found`));
  });

  for (const [args, message] of [
    [["--bogus"], /Unknown option '--bogus'/],
    [["some/folder"], /verify takes the folder as --dir DIR/],
    [
      ["--dir", "/nonexistent/claude-backup"],
      /no backup folder at \/nonexistent\/claude-backup: pass --dir DIR/,
    ],
  ] as const) {
    test(`${args.join(" ")} is a usage error with a one-line hint`, async () => {
      const result = await runInProcess(["verify", ...args]);
      assert.equal(result.code, EXIT_CODES.usage);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, "");
    });
  }

  test("a folder with no backup in it is refused, not reported clean", async () => {
    const dir = await tempDir("claude-backup-verify-");
    try {
      const result = await runInProcess(["verify"], { env: { CLAUDE_BACKUP_DIR: dir.path } });
      assert.equal(result.code, EXIT_CODES.usage);
      assert.match(result.stderr, /holds no backup \(no account\.json, no organizations\/\)/);
    } finally {
      await dir.cleanup();
    }
  });
});
