// Builds browser profile folders with real cookie databases, written the way each browser writes them.
// All keys are synthetic.
import assert from "node:assert/strict";
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { KeyStores, LinuxKeyringNames } from "../../../src/auth/key-stores.ts";
import { type FindSessionKeyOptions, findSessionKey, type SessionKey } from "../../../src/auth/session.ts";

export const NOW = new Date("2026-03-01T12:00:00Z");
export const DAY_MS = 86_400_000;

export async function tempHome(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "claude-backup-auth-test-"));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

// Runs `body` with a fresh, empty home folder, which is removed afterwards whatever happens.
export async function withTempHome(body: (home: string) => Promise<void>): Promise<void> {
  const home = await tempHome();
  try {
    await body(home.path);
  } finally {
    await home.cleanup();
  }
}

// The error a promise rejects with; fails the test if it resolves.
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => assert.fail("expected an error"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof Error);
  return error;
}

// findSessionKey as the browser tests call it: no environment, the clock at NOW, the given key stores.
export function find(
  platform: NodeJS.Platform,
  home: string,
  keyStores: KeyStores,
  extra: Partial<FindSessionKeyOptions> = {},
): Promise<SessionKey> {
  return findSessionKey({ env: {}, platform, home, keyStores, now: () => NOW, ...extra });
}

// ---- Firefox ----------------------------------------------------------------------------------

// moz_cookies as Firefox 128+ creates it (schema version 13+).
const FIREFOX_SCHEMA = `CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '',
  name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER,
  isSecure INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0,
  rawSameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER DEFAULT 0,
  CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes))`;

export interface FirefoxCookie {
  value: string;
  createdMs: number;
  expiresMs: number;
  expiryUnit?: "s" | "ms"; // Firefox < 135 wrote seconds
  host?: string;
  name?: string;
  originAttributes?: string;
}

// Writes cookies.sqlite in WAL mode, like Firefox. With `keepOpen`, the rows stay in the -wal file
// and the returned connection must be closed by the test.
export function writeFirefoxDb(
  profileDir: string,
  cookies: FirefoxCookie[],
  options: { keepOpen?: boolean; walOnly?: FirefoxCookie[] } = {},
): DatabaseSync | undefined {
  const db = new DatabaseSync(join(profileDir, "cookies.sqlite"));
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA user_version = 15");
  db.exec(FIREFOX_SCHEMA);
  const insert = (cookie: FirefoxCookie) =>
    db
      .prepare(
        `INSERT INTO moz_cookies (originAttributes, name, value, host, path, expiry, lastAccessed, creationTime,
          isSecure, isHttpOnly) VALUES (?, ?, ?, ?, '/', ?, ?, ?, 1, 1)`,
      )
      .run(
        cookie.originAttributes ?? "",
        cookie.name ?? "sessionKey",
        cookie.value,
        cookie.host ?? ".claude.ai",
        cookie.expiryUnit === "ms" ? cookie.expiresMs : Math.floor(cookie.expiresMs / 1000),
        BigInt(cookie.createdMs) * 1000n,
        BigInt(cookie.createdMs) * 1000n,
      );
  for (const cookie of cookies) insert(cookie);
  if (!options.keepOpen) {
    db.close(); // the last connection checkpoints the WAL into the main file
    return undefined;
  }
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  for (const cookie of options.walOnly ?? []) insert(cookie);
  return db;
}

// A Firefox root folder with profiles.ini naming each profile (relative Path=, like Firefox writes).
export async function firefoxRoot(
  root: string,
  profiles: { name: string; folder: string }[],
): Promise<string[]> {
  const lines = ["[General]", "StartWithLastProfile=1", "Version=2", ""];
  const dirs: string[] = [];
  profiles.forEach((p, i) => {
    lines.push(`[Profile${i}]`, `Name=${p.name}`, "IsRelative=1", `Path=Profiles/${p.folder}`, "");
    dirs.push(join(root, "Profiles", p.folder));
  });
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  await writeFile(join(root, "profiles.ini"), lines.join("\r\n"));
  return dirs;
}

// ---- Chromium ---------------------------------------------------------------------------------

// Chromium's clock: microseconds since 1601-01-01.
export function chromiumTime(ms: number): bigint {
  return (BigInt(ms) + 11_644_473_600_000n) * 1000n;
}

export interface ChromiumCookie {
  encrypted: Buffer; // encrypted_value (empty: the plain value is in `value`)
  value?: string;
  createdMs: number;
  updatedMs?: number;
  expiresMs: number;
  host?: string;
  name?: string;
}

// `layout: "current"` is meta.version 24 (Chromium ≥ 130) in Network/Cookies; "legacy" is version 12
// in <profile>/Cookies, without last_update_utc.
export async function writeChromiumDb(
  profileDir: string,
  cookies: ChromiumCookie[],
  layout: "current" | "legacy" = "current",
): Promise<string> {
  const path = layout === "current" ? join(profileDir, "Network", "Cookies") : join(profileDir, "Cookies");
  await mkdir(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)");
  db.prepare("INSERT INTO meta VALUES ('version', ?), ('last_compatible_version', ?)").run(
    layout === "current" ? "24" : "12",
    layout === "current" ? "24" : "11",
  );
  if (layout === "current") {
    db.exec(`CREATE TABLE cookies(creation_utc INTEGER NOT NULL, host_key TEXT NOT NULL,
      top_frame_site_key TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, encrypted_value BLOB NOT NULL,
      path TEXT NOT NULL, expires_utc INTEGER NOT NULL, is_secure INTEGER NOT NULL, is_httponly INTEGER NOT NULL,
      last_access_utc INTEGER NOT NULL, has_expires INTEGER NOT NULL, is_persistent INTEGER NOT NULL,
      priority INTEGER NOT NULL, samesite INTEGER NOT NULL, source_scheme INTEGER NOT NULL,
      source_port INTEGER NOT NULL, last_update_utc INTEGER NOT NULL, source_type INTEGER NOT NULL,
      has_cross_site_ancestor INTEGER NOT NULL)`);
  } else {
    db.exec(`CREATE TABLE cookies (creation_utc INTEGER NOT NULL UNIQUE PRIMARY KEY, host_key TEXT NOT NULL,
      name TEXT NOT NULL, value TEXT NOT NULL, path TEXT NOT NULL, expires_utc INTEGER NOT NULL,
      secure INTEGER NOT NULL, httponly INTEGER NOT NULL, last_access_utc INTEGER NOT NULL,
      has_expires INTEGER NOT NULL DEFAULT 1, persistent INTEGER NOT NULL DEFAULT 1,
      priority INTEGER NOT NULL DEFAULT 1, encrypted_value BLOB DEFAULT '', firstpartyonly INTEGER NOT NULL DEFAULT 0)`);
  }
  for (const c of cookies) {
    const host = c.host ?? ".claude.ai";
    if (layout === "current") {
      db.prepare(
        `INSERT INTO cookies VALUES (?, ?, '', ?, ?, ?, '/', ?, 1, 1, ?, 1, 1, 1, 0, 2, 443, ?, 0, 0)`,
      ).run(
        chromiumTime(c.createdMs),
        host,
        c.name ?? "sessionKey",
        c.value ?? "",
        c.encrypted,
        chromiumTime(c.expiresMs),
        chromiumTime(c.createdMs),
        chromiumTime(c.updatedMs ?? c.createdMs),
      );
    } else {
      db.prepare(
        `INSERT INTO cookies (creation_utc, host_key, name, value, path, expires_utc, secure, httponly,
          last_access_utc, encrypted_value) VALUES (?, ?, ?, ?, '/', ?, 1, 1, ?, ?)`,
      ).run(
        chromiumTime(c.createdMs),
        host,
        c.name ?? "sessionKey",
        c.value ?? "",
        chromiumTime(c.expiresMs),
        chromiumTime(c.createdMs),
        c.encrypted,
      );
    }
  }
  db.close();
  return path;
}

// Chromium ≥ 130 plaintext: SHA-256(host_key) ‖ value.
export function withHostPrefix(value: string, host = ".claude.ai"): Buffer {
  return Buffer.concat([createHash("sha256").update(host).digest(), Buffer.from(value)]);
}

// Linux/macOS scheme: prefix ‖ AES-128-CBC(PBKDF2-SHA1(password, "saltysalt", iterations, 16), IV 16 spaces).
export function encryptCbc(
  plain: Buffer | string,
  password: string,
  iterations: number,
  prefix = "v10",
): Buffer {
  const key = pbkdf2Sync(password, "saltysalt", iterations, 16, "sha1");
  const cipher = createCipheriv("aes-128-cbc", key, Buffer.alloc(16, 0x20));
  return Buffer.concat([Buffer.from(prefix), cipher.update(plain), cipher.final()]);
}

// Windows scheme: prefix ‖ 12-byte nonce ‖ AES-256-GCM ciphertext ‖ 16-byte tag.
export function encryptGcm(plain: Buffer | string, key: Buffer, prefix = "v10"): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from(prefix), nonce, body, cipher.getAuthTag()]);
}

// A `Local State` whose os_crypt.encrypted_key is "DPAPI" ‖ blob, plus the profile names.
export async function writeLocalState(
  root: string,
  options: { dpapiBlob?: Buffer; names?: Record<string, string> } = {},
): Promise<void> {
  const state: Record<string, unknown> = {};
  if (options.dpapiBlob) {
    state.os_crypt = {
      encrypted_key: Buffer.concat([Buffer.from("DPAPI"), options.dpapiBlob]).toString("base64"),
    };
  }
  if (options.names) {
    state.profile = {
      info_cache: Object.fromEntries(
        Object.entries(options.names).map(([folder, name]) => [folder, { name }]),
      ),
    };
  }
  await mkdir(root, { recursive: true });
  await writeFile(join(root, "Local State"), JSON.stringify(state));
}

// ---- Key stores -------------------------------------------------------------------------------

// Stand-in key stores that record what was asked. Each answer may be a value, undefined, or an Error
// to throw.
export function fakeKeyStores(answers: {
  linux?: (names: LinuxKeyringNames) => string | undefined | Error;
  mac?: (service: string, account: string) => string | undefined | Error;
  windows?: (blob: Buffer) => Buffer | undefined | Error;
}): KeyStores & { calls: string[] } {
  const calls: string[] = [];
  const settle = <T>(answer: T | Error | undefined): Promise<T | undefined> =>
    answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  return {
    calls,
    linuxSecret(names) {
      calls.push(`linux:${names.application}`);
      return settle(answers.linux?.(names));
    },
    macKeychain(service, account) {
      calls.push(`mac:${service}/${account}`);
      return settle(answers.mac?.(service, account));
    },
    windowsUnprotect(blob) {
      calls.push("windows");
      return settle(answers.windows?.(blob));
    },
  };
}
