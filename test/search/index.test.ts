import assert from "node:assert/strict";
import { readdir, readFile, rename, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { openIndex } from "../../src/search/index-db.ts";
import { refreshIndex } from "../../src/search/refresh.ts";
import { loadSqlite } from "../../src/search/sqlite.ts";
import { runCli, tempDir } from "../helpers/run-cli.ts";
import { ALL, CAFE, SOURDOUGH, TAXES } from "./chats.ts";
import { chatJson, chatPath, cli, jsonLines, removeChat, say, writeBackup, writeChat } from "./fixture.ts";

// The index beside the backup: built on the first search, then kept current by what changed on disk.

async function withBackup(body: (root: string) => Promise<void>): Promise<void> {
  const dir = await tempDir();
  try {
    await writeBackup(dir.path, ALL);
    await body(dir.path);
  } finally {
    await dir.cleanup();
  }
}

const chatsOf = async (root: string, ...args: string[]) => {
  const run = await cli(["search", "--dir", root, "--json", ...args]);
  assert.equal(run.code, 0, run.stderr);
  return [...new Set(jsonLines(run).map((hit) => hit.conversation_uuid))];
};

test("only chats whose file changed are read again; removed chats are dropped", async () => {
  await withBackup(async (root) => {
    const sqlite = await loadSqlite("search");
    const db = await openIndex(sqlite, join(root, "index.sqlite"), true);
    try {
      assert.deepEqual(await refreshIndex(db, root), { chats: 4, indexed: 4, removed: 0, projects: 0 });
      assert.deepEqual(await refreshIndex(db, root), { chats: 4, indexed: 0, removed: 0, projects: 0 });
      await writeChat(root, {
        ...CAFE,
        updatedAt: "2024-03-02T08:00:00.000000Z",
        messages: [
          ...CAFE.messages,
          say("a3000000-0000-4000-8000-000000000003", "human", "2024-03-02T07:59:00Z", "pistachio"),
        ],
      });
      await removeChat(root, TAXES);
      assert.deepEqual(await refreshIndex(db, root), { chats: 3, indexed: 1, removed: 1, projects: 0 });
    } finally {
      db.close();
    }
  });
});

test("once the folders look settled, a chat replaced by rename (as the sync writes it) is still seen", async () => {
  await withBackup(async (root) => {
    const past = new Date(Date.now() - 60_000);
    const chatsDir = join(chatPath(root, CAFE), "..");
    await utimes(chatsDir, past, past);
    assert.deepEqual(await chatsOf(root, "pistachio"), []);
    // Settled: this search answers from the folder stamps alone.
    assert.deepEqual(await chatsOf(root, "pistachio"), []);
    const changed = { ...CAFE, updatedAt: "2024-03-02T08:00:00.000000Z" };
    changed.messages = [
      ...CAFE.messages,
      say("a3000000-0000-4000-8000-000000000004", "human", "2024-03-02T07:59:00Z", "pistachio"),
    ];
    const temp = join(chatsDir, ".claude-backup-test.tmp");
    await writeFile(temp, JSON.stringify(chatJson(changed)));
    await utimes(temp, new Date(changed.updatedAt), new Date(changed.updatedAt));
    await rename(temp, chatPath(root, changed));
    assert.deepEqual(await chatsOf(root, "pistachio"), [CAFE.uuid]);
  });
});

test("the next search sees a changed chat's new text and no longer finds a deleted chat", async () => {
  await withBackup(async (root) => {
    assert.deepEqual(await chatsOf(root, "deduct"), [TAXES.uuid]);
    assert.deepEqual(await chatsOf(root, "pistachio"), []);
    await writeChat(root, {
      ...CAFE,
      updatedAt: "2024-03-02T08:00:00.000000Z",
      messages: [
        ...CAFE.messages,
        say("a3000000-0000-4000-8000-000000000003", "human", "2024-03-02T07:59:00Z", "pistachio"),
      ],
    });
    await removeChat(root, TAXES);
    assert.deepEqual(await chatsOf(root, "pistachio"), [CAFE.uuid]);
    assert.deepEqual(await chatsOf(root, "deduct"), []);
  });
});

test("on a folder the original tool made, the index goes into .claude-backup/ and nothing else changes", async () => {
  await withBackup(async (root) => {
    const before = (await readdir(root)).sort();
    assert.deepEqual(await chatsOf(root, "sourdough"), [SOURDOUGH.uuid, CAFE.uuid]);
    assert.deepEqual((await readdir(root)).sort(), [...before, ".claude-backup"].sort());
    assert.ok((await readdir(join(root, ".claude-backup"))).includes("search.sqlite"));
    assert.equal((await stat(join(root, ".claude-backup"))).mode & 0o777, 0o700);
    // The index holds the chats' text: private, like every file of the backup (the WAL files too).
    for (const name of await readdir(join(root, ".claude-backup"))) {
      if (name.startsWith("search.sqlite")) {
        assert.equal((await stat(join(root, ".claude-backup", name))).mode & 0o777, 0o600, name);
      }
    }
  });
});

test("--reindex rebuilds; --index PATH keeps the index elsewhere and never takes over another file", async () => {
  await withBackup(async (root) => {
    const rebuilt = await cli(["search", "--dir", root, "--reindex"]);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.match(rebuilt.stderr, /search index rebuilt: 4 chats, 0 projects in/);
    const other = await tempDir();
    try {
      const index = join(other.path, "mine.sqlite");
      const run = await cli(["search", "--dir", root, "--index", index, "--json", "zebracorp"]);
      assert.deepEqual(
        jsonLines(run).map((hit) => hit.conversation_uuid),
        [TAXES.uuid],
      );
      const notes = join(other.path, "notes.txt");
      await writeFile(notes, "my notes, not a database\n");
      const refused = await cli(["search", "--dir", root, "--index", notes, "zebracorp"]);
      assert.equal(refused.code, 9);
      assert.match(refused.stderr, /is not a claude-backup search index/);
      assert.equal(await readFile(notes, "utf8"), "my notes, not a database\n");
    } finally {
      await other.cleanup();
    }
  });
});

test("a damaged index in .claude-backup/ is rebuilt", async () => {
  await withBackup(async (root) => {
    assert.deepEqual(await chatsOf(root, "zebracorp"), [TAXES.uuid]);
    await writeFile(join(root, ".claude-backup", "search.sqlite"), "garbage that is not SQLite");
    assert.deepEqual(await chatsOf(root, "zebracorp"), [TAXES.uuid]);
  });
});

test("a folder that is not a backup is a usage error", async () => {
  const dir = await tempDir();
  try {
    const run = await cli(["search", "--dir", dir.path, "anything"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no backup in .* \(no organizations\/ folder\)/);
  } finally {
    await dir.cleanup();
  }
});

test("two searches at once, both building the index, both answer", async () => {
  await withBackup(async (root) => {
    const runs = await Promise.all(
      [0, 1, 2].map(() => runCli(["search", "--dir", root, "--json", "sourdough"], { timeoutMs: 60_000 })),
    );
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, runs[0]?.stdout);
    }
    assert.equal(runs[0]?.stdout.trim().split("\n").length, 2);
  });
});
