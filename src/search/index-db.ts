import { chmodSync, closeSync, openSync, readSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { DatabaseSync } from "node:sqlite";
import { StoreError } from "../core/errors.ts";
import { storeError } from "../core/store-error.ts";
import type { SqliteModule } from "./sqlite.ts";

// The search index: a SQLite file beside the backup (`.claude-backup/search.sqlite`), only ever a
// cache of the chat files, so it can be thrown away and rebuilt at any time.

// Marks the file as ours (PRAGMA application_id, "CBsx"), so `--index PATH` never adopts someone
// else's database; user_version is the layout below, and a file of another layout is rebuilt.
const APPLICATION_ID = 0x43427378;
const SCHEMA_VERSION = 4; // 4: CJK characters indexed one by one (cjk.ts)

// Milliseconds a second search (or a sync-time refresh) waits for the first one's write to finish.
const BUSY_TIMEOUT_MS = 15_000;

// Entry ids are `<created_at in ms> * ID_SLOTS + n`, so FTS5's own rowid order is newest first and a
// "newest first, 20 hits" query stops after 20 rows instead of sorting every match. 1024 slots per ms
// keep ids exact in a double until the year 2248.
export const ID_SLOTS = 1024;

const SCHEMA = `
CREATE TABLE orgs (uuid TEXT PRIMARY KEY, name TEXT NOT NULL, dir_name TEXT NOT NULL);
CREATE TABLE folders (dir TEXT PRIMARY KEY, quick TEXT NOT NULL, fingerprint TEXT NOT NULL);
CREATE TABLE chats (
  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, org_uuid TEXT NOT NULL,
  path TEXT NOT NULL, mtime_ms REAL NOT NULL, size INTEGER NOT NULL,
  name TEXT NOT NULL, created_at TEXT, updated_at TEXT, model TEXT, starred INTEGER NOT NULL,
  project_uuid TEXT);
CREATE TABLE projects (
  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, org_uuid TEXT NOT NULL,
  dir TEXT NOT NULL, stamp TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE entries (
  id INTEGER PRIMARY KEY, chat_id INTEGER, project_id INTEGER,
  kind TEXT NOT NULL, item_uuid TEXT, label TEXT, sender TEXT, active INTEGER, created_at TEXT);
CREATE INDEX entries_chat ON entries (chat_id);
CREATE INDEX entries_project ON entries (project_id);
CREATE VIRTUAL TABLE entries_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
`;

// Opens (creating or rebuilding as needed) the index at `path`. `owned`: the file is at our own place
// inside .claude-backup/, so a damaged one is simply rebuilt; elsewhere a file that is not our index
// is refused, never overwritten.
export async function openIndex(sqlite: SqliteModule, path: string, owned: boolean): Promise<DatabaseSync> {
  const kind = fileKind(path);
  if (kind === "other") {
    if (!owned) throw notOurs(path);
    await removeIndex(path);
  }
  let db = connect(sqlite, path);
  const id = Number(pragma(db, "application_id"));
  const version = Number(pragma(db, "user_version"));
  const tables = Number(db.prepare("SELECT count(*) AS n FROM sqlite_master").get()?.n ?? 0);
  if (tables > 0 && id !== APPLICATION_ID) {
    db.close();
    if (!owned) throw notOurs(path);
    await removeIndex(path);
    db = connect(sqlite, path);
  } else if (tables > 0 && version !== SCHEMA_VERSION) {
    db.close();
    await removeIndex(path);
    db = connect(sqlite, path);
  }
  if (Number(db.prepare("SELECT count(*) AS n FROM sqlite_master").get()?.n ?? 0) === 0) create(db);
  return db;
}

// Empties the index (`--reindex`) in one transaction, so a search running beside it sees old or empty.
export function clearIndex(db: DatabaseSync): void {
  db.exec("BEGIN IMMEDIATE; DELETE FROM entries_fts; DELETE FROM entries; DELETE FROM chats;");
  db.exec("DELETE FROM projects; DELETE FROM orgs; DELETE FROM folders; COMMIT;");
}

function connect(sqlite: SqliteModule, path: string): DatabaseSync {
  try {
    // Private like every file of the backup (it holds the chats' text): created 0600, and an index
    // made by an older version is closed off too. SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(path, "a", 0o600));
    chmodSync(path, 0o600);
    const db = new sqlite.DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: a search reads while another one writes; NORMAL: a cache needs no fsync per commit.
    switchToWal(db);
    db.exec("PRAGMA synchronous = NORMAL;");
    return db;
  } catch (error) {
    throw new StoreError("STORAGE", `cannot open the search index ${path}: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

// Turning a new file's journal into a WAL takes an exclusive lock without SQLite's busy handler, so
// a second search opening the same fresh index at that moment got "database is locked" at once (seen
// in CI, with three searches started together). The switch is tried again until the busy timeout;
// once the file is in WAL mode (it stays so) the pragma takes no lock.
function switchToWal(db: DatabaseSync): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.exec("PRAGMA journal_mode = WAL");
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      Atomics.wait(PAUSE, 0, 0, WAL_RETRY_MS); // a search's start is synchronous throughout
    }
  }
}

const WAL_RETRY_MS = 10;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

// SQLITE_BUSY and its extended codes (node:sqlite puts the code on the error as `errcode`).
function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode;
  return typeof code === "number" && (code & 0xff) === 5;
}

function create(db: DatabaseSync): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    // Another search may have created it while this one waited for the lock.
    const n = Number(db.prepare("SELECT count(*) AS n FROM sqlite_master").get()?.n ?? 0);
    if (n === 0) {
      db.exec(SCHEMA);
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${SCHEMA_VERSION};`);
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

function pragma(db: DatabaseSync, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get();
  return row ? Object.values(row)[0] : undefined;
}

// "missing", "sqlite" (an SQLite file, ours or not, or an empty one) or "other" (anything else).
// Synchronous like the rest of a search's start: each awaited file call costs a thread-pool round trip.
function fileKind(path: string): "missing" | "sqlite" | "other" {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw storeError(error, `cannot open the search index ${path}`);
  }
  try {
    const header = Buffer.alloc(16);
    const bytesRead = readSync(fd, header, 0, 16, 0);
    if (bytesRead === 0) return "sqlite"; // SQLite treats an empty file as a new database
    return header.toString("latin1") === "SQLite format 3\u0000" ? "sqlite" : "other";
  } finally {
    closeSync(fd);
  }
}

async function removeIndex(path: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) {
    await rm(`${path}${suffix}`, { force: true }).catch((error: unknown) => {
      throw storeError(error, `cannot replace the damaged search index ${path}`);
    });
  }
}

function notOurs(path: string): StoreError {
  return new StoreError(
    "STORAGE",
    `${path} is not a claude-backup search index; give --index a new file name (it is never overwritten)`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
