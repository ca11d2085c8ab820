// Reads the claude.ai sessionKey from one Firefox or LibreWolf profile. Firefox stores cookie values
// in plaintext, in moz_cookies inside cookies.sqlite.
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { pathExists } from "./fs-probe.ts";
import {
  bigintColumn,
  COOKIE_HOSTS,
  COOKIE_NAME,
  type CookieHit,
  firefoxExpiryMs,
  firefoxMicrosMs,
  type ProfileReading,
} from "./reading.ts";
import { CookieDbError, columnNames, hasTable, readDatabaseCopy, type SqliteModule } from "./sqlite-copy.ts";

const DB_FILE = "cookies.sqlite";
const TABLE = "moz_cookies";

// Every sessionKey cookie for claude.ai in the profile folder `dir` (all containers).
export async function readFirefoxProfile(sqlite: SqliteModule, dir: string): Promise<ProfileReading> {
  const dbPath = join(dir, DB_FILE);
  if (!(await pathExists(dbPath))) return { hits: [], problems: [`no cookie database (${DB_FILE})`] };
  try {
    return { hits: await readDatabaseCopy(sqlite, dbPath, queryFirefox), problems: [] };
  } catch (error) {
    if (error instanceof CookieDbError) return { hits: [], problems: [error.message] };
    throw error;
  }
}

function queryFirefox(db: DatabaseSync): CookieHit[] {
  if (!hasTable(db, TABLE)) throw new CookieDbError(`${DB_FILE} has no ${TABLE} table`);
  const columns = columnNames(db, TABLE);
  for (const needed of ["name", "value", "host", "expiry", "creationTime"]) {
    if (!columns.has(needed)) throw new CookieDbError(`${TABLE} has an unknown layout (no ${needed} column)`);
  }
  // Newer Firefox versions keep the time of the last change apart from the creation time.
  const updated = columns.has("updateTime") ? "updateTime" : "creationTime";
  const rows = db
    .prepare(
      `SELECT value, expiry, creationTime, ${updated} AS updated FROM ${TABLE} WHERE name = ? AND host IN (?, ?)`,
    )
    .all(COOKIE_NAME, ...COOKIE_HOSTS);
  const hits: CookieHit[] = [];
  for (const row of rows) {
    if (typeof row.value !== "string" || row.value.trim() === "") continue;
    hits.push({
      key: row.value.trim(),
      updatedMs: Math.max(
        firefoxMicrosMs(bigintColumn(row.creationTime)),
        firefoxMicrosMs(bigintColumn(row.updated)),
      ),
      expiresMs: firefoxExpiryMs(bigintColumn(row.expiry)),
    });
  }
  return hits;
}
