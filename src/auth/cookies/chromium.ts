// Reads the claude.ai sessionKey from one Chromium-family profile: the `cookies` table of its cookie
// database, decrypted with the browser's key.
import type { DatabaseSync } from "node:sqlite";
import type { ChromiumDecryptor } from "./chromium-keys.ts";
import { findCookieDb } from "./chromium-profiles.ts";
import {
  bigintColumn,
  COOKIE_HOSTS,
  COOKIE_NAME,
  type CookieHit,
  chromiumTimeMs,
  type ProfileReading,
} from "./reading.ts";
import { CookieDbError, columnNames, hasTable, readDatabaseCopy, type SqliteModule } from "./sqlite-copy.ts";

const TABLE = "cookies";

// A row as stored: the value is still encrypted (or in `value` when encrypted_value is empty).
interface StoredCookie {
  hostKey: string;
  value: string;
  encrypted: Uint8Array;
  createdMicros: bigint;
  updatedMicros: bigint;
  expiresMicros: bigint;
}

interface StoredCookies {
  rows: StoredCookie[];
  dbVersion: number | undefined; // meta.version
}

// Every sessionKey cookie for claude.ai in the profile folder `dir`.
export async function readChromiumProfile(
  sqlite: SqliteModule,
  dir: string,
  decryptor: ChromiumDecryptor,
): Promise<ProfileReading> {
  const dbPath = await findCookieDb(dir);
  if (!dbPath) return { hits: [], problems: ["no cookie database (Network/Cookies)"] };
  let stored: StoredCookies;
  try {
    stored = await readDatabaseCopy(sqlite, dbPath, queryChromium);
  } catch (error) {
    if (error instanceof CookieDbError) return { hits: [], problems: [error.message] };
    throw error;
  }
  const reading: ProfileReading = { hits: [], problems: [] };
  for (const row of stored.rows) {
    let key = row.value.trim();
    if (row.encrypted.length > 0) {
      const result = await decryptor.decrypt(row.encrypted, row.hostKey, stored.dbVersion);
      if ("problem" in result) {
        if (!reading.problems.includes(result.problem)) reading.problems.push(result.problem);
        continue;
      }
      key = result.text;
    }
    if (key === "") continue;
    const hit: CookieHit = {
      key,
      updatedMs: Math.max(chromiumTimeMs(row.createdMicros) ?? 0, chromiumTimeMs(row.updatedMicros) ?? 0),
      expiresMs: chromiumTimeMs(row.expiresMicros),
    };
    reading.hits.push(hit);
  }
  return reading;
}

function queryChromium(db: DatabaseSync): StoredCookies {
  if (!hasTable(db, TABLE)) throw new CookieDbError(`the cookie database has no ${TABLE} table`);
  const columns = columnNames(db, TABLE);
  for (const needed of ["host_key", "name", "value", "encrypted_value", "creation_utc", "expires_utc"]) {
    if (!columns.has(needed)) throw new CookieDbError(`${TABLE} has an unknown layout (no ${needed} column)`);
  }
  // last_update_utc arrived with meta.version 20; older databases only know the creation time.
  const updated = columns.has("last_update_utc") ? "last_update_utc" : "creation_utc";
  // has_expires = 0 marks a session cookie, whatever expires_utc says.
  const expires = columns.has("has_expires")
    ? "CASE WHEN has_expires = 0 THEN 0 ELSE expires_utc END"
    : "expires_utc";
  const rows = db
    .prepare(
      `SELECT host_key, value, encrypted_value, creation_utc, ${updated} AS updated, ${expires} AS expires ` +
        `FROM ${TABLE} WHERE name = ? AND host_key IN (?, ?)`,
    )
    .all(COOKIE_NAME, ...COOKIE_HOSTS);
  return {
    dbVersion: metaVersion(db),
    rows: rows.map((row) => ({
      hostKey: typeof row.host_key === "string" ? row.host_key : "",
      value: typeof row.value === "string" ? row.value : "",
      encrypted: row.encrypted_value instanceof Uint8Array ? row.encrypted_value : new Uint8Array(),
      createdMicros: bigintColumn(row.creation_utc),
      updatedMicros: bigintColumn(row.updated),
      expiresMicros: bigintColumn(row.expires),
    })),
  };
}

function metaVersion(db: DatabaseSync): number | undefined {
  if (!hasTable(db, "meta")) return undefined;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'version'").get();
  const version = Number(row?.value);
  return Number.isInteger(version) ? version : undefined;
}
