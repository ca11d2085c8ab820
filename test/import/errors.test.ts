import assert from "node:assert/strict";
import { mkdir, readFile, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { acquireLock } from "../../src/store/lock.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { chatsIn, cli, exportChat, exportProject, onlyOrgDir, snapshot, USERS, writeZip } from "./helpers.ts";

// What import refuses, each with one line, its exit code, and the backup folder left as it was.

async function withBackup(body: (dir: string, backup: string) => Promise<void>): Promise<void> {
  const temp = await tempDir("claude-backup-import-");
  try {
    const backup = join(temp.path, "backup");
    // A backup with one imported chat already, so "unchanged" means more than "still empty".
    const seed = join(temp.path, "seed.json");
    await writeFile(seed, JSON.stringify([exportChat()]));
    const first = await cli(["import", "--dir", backup, seed]);
    assert.equal(first.code, 0, first.stderr);
    await body(temp.path, backup);
  } finally {
    await temp.cleanup();
  }
}

async function assertRefused(
  backup: string,
  args: string[],
  pattern: RegExp,
  code: number = EXIT_CODES.importInvalid,
) {
  const before = await snapshot(backup);
  const run = await cli(["import", "--dir", backup, ...args]);
  assert.equal(run.code, code, run.stderr);
  assert.equal(run.stdout, "");
  const lines = run.stderr.trim().split("\n");
  assert.match(lines[0] ?? "", pattern);
  assert.ok(lines.length <= 2, `one line (plus a hint), got:\n${run.stderr}`);
  assert.deepEqual(await snapshot(backup), before, "the backup folder is unchanged");
}

describe("import: what is refused", () => {
  test("a truncated zip (a download cut short)", async () => {
    await withBackup(async (dir, backup) => {
      const zip = join(dir, "data-2025-10-06-00-55-16-batch-0000.zip");
      await writeZip(zip, { "conversations.json": JSON.stringify([exportChat(), exportChat()]) });
      await truncate(zip, Math.floor((await stat(zip)).size * 0.6));
      await assertRefused(
        backup,
        [zip],
        /batch-0000\.zip is not a complete zip file.*download the export again/i,
      );
    });
  });

  test("a zip that is not an export (no conversations.json or other export file)", async () => {
    await withBackup(async (dir, backup) => {
      const zip = join(dir, "photos.zip");
      await writeZip(zip, {
        "IMG_0001.jpg": Buffer.from([0xff, 0xd8, 0xff]),
        "notes/conversations.txt": "x",
      });
      await assertRefused(backup, [zip], /photos\.zip is a zip but not a claude\.ai export/);
    });
  });

  test("a random file that is neither a zip nor JSON", async () => {
    await withBackup(async (dir, backup) => {
      const file = join(dir, "random.bin");
      await writeFile(file, Buffer.from([0x00, 0x13, 0x37, 0xfe, 0x01]));
      await assertRefused(backup, [file], /random\.bin is not a claude\.ai export/);
    });
  });

  test("JSON that is not a list of conversations (users.json renamed, projects, an object)", async () => {
    await withBackup(async (dir, backup) => {
      const projects = join(dir, "my-export.json");
      await writeFile(projects, JSON.stringify([exportProject()]));
      await assertRefused(backup, [projects], /my-export\.json is not a list of claude\.ai conversations/);
      const object = join(dir, "settings.json");
      await writeFile(object, JSON.stringify({ theme: "dark" }));
      await assertRefused(backup, [object], /settings\.json is not a claude\.ai export/);
      const named = join(dir, "conversations.json");
      await writeFile(named, JSON.stringify(USERS));
      await assertRefused(backup, [named], /conversations\.json is not a list of claude\.ai conversations/);
    });
  });

  test("a folder without export files, and a path that does not exist", async () => {
    await withBackup(async (dir, backup) => {
      const empty = join(dir, "Downloads");
      await mkdir(empty);
      await writeFile(join(empty, "todo.txt"), "milk");
      await assertRefused(backup, [empty], /Downloads holds no claude\.ai export files/);
      await assertRefused(
        backup,
        [join(dir, "nope.zip")],
        /cannot import .*nope\.zip: there is no such file or folder/,
      );
    });
  });

  test("one bad path among good ones: nothing is imported", async () => {
    await withBackup(async (dir, backup) => {
      const good = join(dir, "conversations.json");
      await writeFile(good, JSON.stringify([exportChat()]));
      await assertRefused(backup, [good, join(dir, "missing.zip")], /missing\.zip/);
    });
  });

  test("no PATH, or an unknown option, is a usage error", async () => {
    await withBackup(async (_dir, backup) => {
      await assertRefused(backup, [], /import needs the export/, EXIT_CODES.usage);
      await assertRefused(backup, ["--bogus", "x"], /bogus/, EXIT_CODES.usage);
    });
  });

  test("a backup locked by a running sync is refused with exit 10", async () => {
    await withBackup(async (dir, backup) => {
      const file = join(dir, "conversations.json");
      await writeFile(file, JSON.stringify([exportChat()]));
      const lock = await acquireLock(backup, { pid: process.ppid });
      try {
        const run = await cli(["import", "--dir", backup, file]);
        assert.equal(run.code, EXIT_CODES.locked, run.stderr);
      } finally {
        await lock.release();
      }
    });
  });

  test("a conversations.json cut in the middle: the chats before the cut are imported and listed", async () => {
    await withBackup(async (dir, backup) => {
      const chats = [exportChat(), exportChat(), exportChat()];
      const text = JSON.stringify(chats);
      const cut = text.indexOf(chats[2]?.uuid ?? "") + 50;
      const file = join(dir, "conversations.json");
      await writeFile(file, text.slice(0, cut));
      const run = await cli(["import", "--dir", backup, file]);
      assert.equal(run.code, EXIT_CODES.importInvalid, run.stderr);
      assert.match(run.stderr, /conversations\.json ends in the middle/);
      assert.match(run.stderr, /import: 2 new/);
      const orgDir = await onlyOrgDir(backup);
      const held = await chatsIn(orgDir);
      for (const chat of chats.slice(0, 2)) assert.ok(held.has(chat.uuid));
      assert.ok(!held.has(chats[2]?.uuid ?? ""));
      const list = JSON.parse(await readFile(join(orgDir, "chat_conversations.json"), "utf8")) as {
        uuid: string;
      }[];
      assert.deepEqual(
        new Set(list.map((r) => r.uuid)),
        new Set(held.keys()),
        "list file matches the chat files",
      );
    });
  });
});
