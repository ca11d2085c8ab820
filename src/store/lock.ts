import type { BigIntStats } from "node:fs";
import { open, stat, unlink } from "node:fs/promises";
import { hostname as osHostname } from "node:os";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { StoreError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { stateDir } from "../core/layout.ts";
import { storeError } from "../core/store-error.ts";
import { ensureDir } from "../disk/atomic-write.ts";

// One claude-backup at a time per backup folder: `<root>/.claude-backup/lock`, created exclusively and
// holding `{pid, hostname, startedAt}`. Written by hand (about what proper-lockfile does, without its
// mtime polling and crash-by-default `onCompromised`; the README says why the lock is written by hand).

// How long a lock file that cannot be parsed may be another process's lock being written right now.
const UNREADABLE_GRACE_MS = 60_000;

// Past this age a lock is stale whoever holds it: no run takes a day, and a pid this old on this host
// has probably been reused by an unrelated process (and a lock from another host cannot be checked).
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

// A takeover holds `lock.takeover` for a read and an unlink; one older than this was left by a crash.
const TAKEOVER_STALE_MS = 10_000;

// Rounds of "create, or judge and take over" before giving up to a crowd of racing processes, and the
// pause between rounds while another process is taking a stale lock over.
const ATTEMPTS = 5;
const TAKEOVER_WAIT_MS = 50;

// A held lock.
export interface Lock {
  path: string;
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  hostname: string;
  startedAt: string;
}

// What was found at the lock path: the file's identity, mtime and text, and its holder when it parses.
interface Found {
  identity: FileIdentity;
  mtimeMs: number;
  text: string;
  holder: Holder | undefined;
}

// Which file sits at the lock path, so that we release only our own lock and remove only the one judged
// stale. dev+ino alone is not enough: ext4 and tmpfs give a freed inode number to the next new file at
// once, so a fresh lock can have the number of the stale one it replaced; its mtime differs.
interface FileIdentity {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
}

// Lock paths this process holds. A lock with our own pid and hostname that is not among them was left
// by an earlier process that had the same pid (containers start every run as pid 1): it is stale.
const heldHere = new Set<string>();

// Takes the backup folder's lock (taking over a stale one), or throws StoreError("LOCKED") naming its holder.
export async function acquireLock(
  root: string,
  options: { pid?: number; hostname?: string; now?: () => Date; isAlive?: (pid: number) => boolean } = {},
): Promise<Lock> {
  const pid = options.pid ?? process.pid;
  const hostname = options.hostname ?? osHostname();
  const now = options.now ?? (() => new Date());
  const isAlive = options.isAlive ?? processIsAlive;
  await ensureDir(stateDir(root));
  const path = resolve(stateDir(root), "lock");

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const identity = await createLockFile(path, { pid, hostname, startedAt: now().toISOString() });
    if (identity) return heldLock(path, identity);
    const found = await readLockFile(path);
    if (!found) continue; // released between our two looks
    // Stale: a dead pid on this host, unreadable for over a minute, or over a day old.
    const { holder } = found;
    const age = now().getTime() - (holder ? Date.parse(holder.startedAt) : found.mtimeMs);
    const stale = holder
      ? age > MAX_AGE_MS ||
        (holder.hostname === hostname && (holder.pid === pid ? !heldHere.has(path) : !isAlive(holder.pid)))
      : age > UNREADABLE_GRACE_MS;
    if (!stale) throw lockedError(root, path, found, hostname);
    if (!(await removeStale(path, found, now))) await sleep(TAKEOVER_WAIT_MS);
  }
  throw new StoreError(
    "LOCKED",
    `could not take the lock ${path}: other claude-backup processes keep taking it; try again later`,
  );
}

// Creates the lock file exclusively with our holder record; undefined when a lock file already exists.
async function createLockFile(path: string, holder: Holder): Promise<FileIdentity | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw storeError(error, `cannot create the lock file ${path}`);
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
    return identityOf(await handle.stat({ bigint: true }));
  } catch (error) {
    await unlink(path).catch(() => {});
    throw storeError(error, `cannot write the lock file ${path}`);
  } finally {
    await handle.close();
  }
}

// Reads the lock file through one handle, so that identity, mtime and content belong to the same file.
async function readLockFile(path: string): Promise<Found | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw storeError(error, `cannot read the lock file ${path}`);
  }
  try {
    const info = await handle.stat({ bigint: true });
    const text = await handle.readFile("utf8");
    return { identity: identityOf(info), mtimeMs: Number(info.mtimeMs), text, holder: parseHolder(text) };
  } catch (error) {
    throw storeError(error, `cannot read the lock file ${path}`);
  } finally {
    await handle.close();
  }
}

// Removes a stale lock so that the next exclusive create can win; false when another process is doing
// it. Several processes may judge the same lock stale at once, and the slower ones must not remove the
// lock the fastest has just created: removal happens only under `lock.takeover` (created exclusively),
// and only if the file is still the very one judged stale (same identity and text).
async function removeStale(path: string, stale: Found, now: () => Date): Promise<boolean> {
  const mutex = `${path}.takeover`;
  try {
    await (await open(mutex, "wx", 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw storeError(error, `cannot create ${mutex}`);
    const info = await stat(mutex).catch(() => undefined);
    if (info && now().getTime() - info.mtimeMs > TAKEOVER_STALE_MS) await unlink(mutex).catch(() => {});
    return false;
  }
  try {
    const again = await readLockFile(path);
    if (again && sameFile(again.identity, stale.identity) && again.text === stale.text) {
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw storeError(error, `cannot remove the stale lock ${path}`);
      });
    }
  } finally {
    await unlink(mutex).catch(() => {});
  }
  return true;
}

// The Lock handle. Release removes the lock file only while it is still ours (not taken over).
function heldLock(path: string, identity: FileIdentity): Lock {
  heldHere.add(path);
  let released = false;
  const settle = (): boolean => {
    if (released) return false;
    released = true;
    heldHere.delete(path);
    return true;
  };
  return {
    path,
    async release() {
      if (!settle()) return;
      const info = await stat(path, { bigint: true }).catch(() => undefined);
      if (info && sameFile(identityOf(info), identity)) await unlink(path).catch(() => {});
    },
  };
}

// The holder record, or undefined for a file that is empty, torn or not ours.
function parseHolder(text: string): Holder | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { pid, hostname, startedAt } = value;
  if (typeof pid !== "number" || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (typeof hostname !== "string" || typeof startedAt !== "string" || Number.isNaN(Date.parse(startedAt))) {
    return undefined;
  }
  return { pid, hostname, startedAt };
}

// The message for a live lock: who holds it, since when, and what the user can do.
function lockedError(root: string, path: string, found: Found, hostname: string): StoreError {
  const { holder } = found;
  const where = holder && holder.hostname !== hostname ? ` on ${holder.hostname}` : "";
  const who = holder
    ? `pid ${holder.pid}${where}, started ${isoSeconds(Date.parse(holder.startedAt))}`
    : `starting up, lock written ${isoSeconds(found.mtimeMs)}`;
  const advice = `wait for it to finish, or remove ${path} if it is not running`;
  return new StoreError("LOCKED", `another claude-backup (${who}) is backing up into ${root}; ${advice}`);
}

// True when a process with this pid exists (EPERM: it exists but belongs to another user).
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function identityOf(info: BigIntStats): FileIdentity {
  return { dev: info.dev, ino: info.ino, mtimeNs: info.mtimeNs };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
