import type { DatabaseSync } from "node:sqlite";
import { BackupError, EXIT_CODES } from "../core/errors.ts";

// node:sqlite is built into Node.js 22.13+ and 24, and its SQLite comes with FTS5. A Node.js built
// against a system SQLite without FTS5 (some distributions), or one older than node:sqlite, cannot
// search: say so in words instead of failing with "no such module".

export type SqliteModule = typeof import("node:sqlite");

// Loads node:sqlite and checks that FTS5 is there; for search and `export sqlite` alike.
export async function loadSqlite(feature: string): Promise<SqliteModule> {
  let sqlite: SqliteModule;
  try {
    // getBuiltinModule: no module resolution, no await (a search's start-up counts).
    sqlite =
      (process.getBuiltinModule?.("node:sqlite") as SqliteModule | undefined) ??
      (await import("node:sqlite"));
  } catch (error) {
    throw unsupported(
      `${feature} needs node:sqlite, which this Node.js (${process.version}) does not have`,
      error,
    );
  }
  const probe = new sqlite.DatabaseSync(":memory:");
  try {
    probe.exec("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')");
  } catch (error) {
    throw unsupported(
      `${feature} needs SQLite's FTS5, which this Node.js (${process.version}) was built without`,
      error,
    );
  } finally {
    probe.close();
  }
  return sqlite;
}

function unsupported(what: string, cause: unknown): BackupError {
  // The exit code of a Node.js that cannot run the tool: the fix is the same (install a current one).
  return new BackupError(
    "USAGE",
    EXIT_CODES.nodeTooOld,
    `${what}. Install Node.js 22.13 or newer (22 LTS or 24 LTS) from https://nodejs.org and run it again.`,
    { cause },
  );
}

// Runs `body` in one write transaction (BEGIN IMMEDIATE: a second writer waits for the busy timeout
// at the start, not half-way), rolled back when it throws.
export function inTransaction<T>(db: DatabaseSync, body: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = body();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    try {
      db.exec("ROLLBACK");
    } catch {
      // SQLite already rolled back (a full disk, an interrupt): nothing left to undo.
    }
    throw error;
  }
}
