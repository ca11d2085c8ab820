// Reads a browser's cookie database without disturbing the browser: copy it (with its WAL, where a
// fresh cookie may still sit) to a private temp folder, open the copy read-only, delete it afterwards.
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { DatabaseSync } from "node:sqlite";

export type SqliteModule = typeof import("node:sqlite");

// SQLite result codes we explain (sqlite3.h).
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

// Why a database could not be read, in words fit for the "nothing found" message.
export class CookieDbError extends Error {}

// Loads node:sqlite (every Node this tool runs on has it: see src/version-check.ts). Node 22 prints an
// ExperimentalWarning for it; only that one warning is dropped.
export async function loadSqlite(): Promise<SqliteModule> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
    if (type === "ExperimentalWarning" && /sqlite/i.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await import("node:sqlite");
  } finally {
    process.emitWarning = emitWarning;
  }
}

// Copies `dbPath` (and its -shm and -wal, when present) into a 0700 temp folder, opens the copy
// read-only with 64-bit integers as bigint, and returns what `read` returns. The copy is removed in
// every case. Failures are CookieDbErrors with a readable reason.
export async function readDatabaseCopy<T>(
  sqlite: SqliteModule,
  dbPath: string,
  read: (db: DatabaseSync) => T,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "claude-backup-cookies-")); // mkdtemp creates it 0700
  try {
    const copy = join(dir, basename(dbPath));
    try {
      await copyFile(dbPath, copy);
      // -shm before -wal: should the browser write in between, the index then describes less than the
      // log holds (the newest write is missed) rather than more (a read past the log's end).
      await copySidecar(`${dbPath}-shm`, `${copy}-shm`);
      await copySidecar(`${dbPath}-wal`, `${copy}-wal`);
    } catch (error) {
      throw new CookieDbError(describeFileError(error));
    }
    let db: DatabaseSync | undefined;
    try {
      db = new sqlite.DatabaseSync(copy, { readOnly: true, readBigInts: true });
      return read(db);
    } catch (error) {
      if (error instanceof CookieDbError) throw error;
      throw new CookieDbError(describeSqliteError(error));
    } finally {
      db?.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// True when the database has a table of this name.
export function hasTable(db: DatabaseSync, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

// The column names of a table (sqlite tells us the layout; each browser version differs a little).
export function columnNames(db: DatabaseSync, table: string): Set<string> {
  const rows = db.prepare("SELECT name FROM pragma_table_info(?)").all(table);
  return new Set(rows.map((row) => String(row.name)));
}

async function copySidecar(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no cookie database";
  if (code === "EACCES" || code === "EPERM") return "cannot read the cookie database (permission denied)";
  // Chrome on Windows opens its cookie database without sharing it.
  if (code === "EBUSY") return "the cookie database is locked by the running browser; close it and rerun";
  return `cannot read the cookie database (${code ?? "unknown error"})`;
}

function describeSqliteError(error: unknown): string {
  const errcode = (error as { errcode?: unknown }).errcode;
  if (errcode === SQLITE_NOTADB || errcode === SQLITE_CORRUPT) {
    return "the cookie database is damaged or not an SQLite file";
  }
  if (errcode === SQLITE_BUSY || errcode === SQLITE_LOCKED) return "the cookie database is locked";
  const message = error instanceof Error ? error.message : String(error);
  return `cannot read the cookie database (${message})`;
}
