import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openIndex } from "../../src/search/index-db.ts";
import { loadSqlite } from "../../src/search/sqlite.ts";

// Another process writes to the fresh file while it still has a rollback journal, holding its write
// lock for a while. Turning the journal into a WAL needs an exclusive lock, and SQLite's busy handler
// does not wait for a writer's lock there: "database is locked" came at once (checked: 0 ms).
const HOLDER = `
const { DatabaseSync } = process.getBuiltinModule("node:sqlite");
const db = new DatabaseSync(process.argv[1]);
db.exec("BEGIN IMMEDIATE");
process.stdout.write("locked\\n");
setTimeout(() => { db.exec("COMMIT"); db.close(); }, Number(process.argv[2]));
`;

test("opening a fresh index waits while another process writes it, instead of failing at once", async () => {
  const dir = await mkdtemp(join(tmpdir(), "claude-backup-index-db-"));
  try {
    const path = join(dir, "search.sqlite");
    const holder = spawn(process.execPath, ["-e", HOLDER, path, "400"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [first] = (await once(holder.stdout, "data")) as [Buffer];
    assert.equal(first.toString().trim(), "locked");
    const started = Date.now();
    const db = await openIndex(await loadSqlite("search"), path, true);
    try {
      assert.ok(Date.now() - started >= 200, "it waited for the other writer");
      assert.equal(db.prepare("PRAGMA journal_mode").get()?.journal_mode, "wal");
    } finally {
      db.close();
    }
    await once(holder, "exit");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
