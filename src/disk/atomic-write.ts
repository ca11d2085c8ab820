import {
  closeSync,
  fchmodSync,
  fsync,
  futimesSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { StoreError } from "../core/errors.ts";
import { storeError } from "../core/store-error.ts";
import { newTempName } from "../core/temp-names.ts";
import { groupCommit } from "./group-commit.ts";

// Writes, moves and folders for the backup. Done by hand rather than with write-file-atomic: its temp
// file is `<target>.<10 digits>`, 11 bytes longer than the target, so it fails with ENAMETOOLONG on
// the 245–255-byte names that names.ts allows; it neither retries a busy rename nor syncs the folder.
//
// Only the syncs are asynchronous. Every fs/promises call is a round trip through libuv's thread
// pool (wake a worker, wait for its answer on the event loop), and on the 2-core benchmark machine
// those wake-ups cost more CPU than the calls themselves: a chat saved with open, write, chmod, sync,
// close, utimes and rename as seven promise calls took about twice the CPU of the same calls made
// directly (bench/RESULTS.md). Opening, writing a chat's few kilobytes into the page cache, setting
// times, closing and renaming return in microseconds on a local disk; fsync is what waits for the
// disk, so it alone goes to the thread pool, and the event loop keeps serving the connections.

// Files hold private chats: readable by their owner only. Folders likewise.
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

// Waits between rename attempts. On Windows an antivirus or indexer that has just opened the file makes
// rename fail with EPERM/EBUSY/EACCES for a moment. Elsewhere these errors are lasting; retrying them
// costs under a second once, before the run stops, and keeps one code path that tests can reach.
const RENAME_RETRY_DELAYS_MS = [50, 100, 200, 400];
const BUSY_CODES = new Set(["EPERM", "EBUSY", "EACCES"]);

// fsync of an open descriptor, in the thread pool.
export const syncFd: (fd: number) => Promise<void> = promisify(fsync);

// Writes all of `data` at the descriptor's position (a write may take fewer bytes than given).
// A string is handed to write() as it is: Node encodes it into a buffer it frees at once, where a
// Buffer.from per piece was a fresh allocation left for the garbage collector (the pieces of a
// 10,000-chat list file come to 8 MB, at the end of a run, when memory peaks).
export function writeAllSync(fd: number, data: string | Uint8Array): void {
  if (typeof data === "string") {
    const length = Buffer.byteLength(data);
    const written = writeSync(fd, data);
    // A short write (a full disk about to say ENOSPC, say): the rest goes from its bytes.
    if (written < length) writeRest(fd, Buffer.from(data), written);
  } else writeRest(fd, data, 0);
}

function writeRest(fd: number, bytes: Uint8Array, from: number): void {
  let offset = from;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

// Writes a whole file (mode 0600, optional mtime) so that readers and crashes see old or new, never a mix.
// `data` may come in pieces (core/json-chunks.ts), so a big file is never one string in memory, and
// the pieces may come asynchronously (read from another file as they are written).
// With `durable: false` neither the file nor its folder is synced: a killed process still leaves old
// or new, but a power cut may lose the change or leave an empty file. Only for a step whose reader
// treats a damaged file as missing and which a durable write of the same file soon follows. With
// `syncFolder: false` the file is synced and its folder is not: the caller syncs it (syncFolder below)
// before anything on disk says the file is there, so that many renames share one folder sync.
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<string> | AsyncIterable<string>,
  options: { mtime?: Date; durable?: boolean; syncFolder?: boolean } = {},
): Promise<void> {
  const durable = options.durable ?? true;
  // Short, hidden and not ending in .json: never mistaken for a chat, and never too long a name.
  const temp = join(dirname(path), newTempName());
  let created = false;
  try {
    const fd = openSync(temp, "wx", FILE_MODE);
    created = true;
    try {
      if (typeof data === "string" || data instanceof Uint8Array) writeAllSync(fd, data);
      else if (Symbol.asyncIterator in data) for await (const piece of data) writeAllSync(fd, piece);
      else for (const piece of data) writeAllSync(fd, piece);
      // The mode given to open() is never wider than 0600, but a umask such as 0277 can take the owner's
      // write bit away. FAT and some network mounts refuse chmod; the file is as private as they allow.
      try {
        fchmodSync(fd, FILE_MODE);
      } catch {}
      // Times go on the temp file before the rename, so the file never shows up with the wrong mtime.
      if (options.mtime) futimesSync(fd, options.mtime, options.mtime);
      if (durable) await syncFd(fd);
    } finally {
      closeSync(fd);
    }
    await renameRetrying(temp, path);
  } catch (error) {
    if (created) removeQuietly(temp);
    throw storeError(error, `cannot write ${path}`);
  }
  if (durable && options.syncFolder !== false) await syncFolder(dirname(path));
}

// unlink, ignoring every error (a temp file that is gone already, or a folder that went away).
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}

// Creates a folder and its missing parents with mode 0700 (`mkdir -p`).
export async function ensureDir(path: string): Promise<void> {
  // A folder that already exists keeps its mode: the backup root may be shared on purpose (a
  // group-readable NAS share), and we only decide for the folders we create.
  try {
    mkdirSync(path, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new StoreError(
        "STORAGE",
        `cannot create the folder ${path}: a file of that name is in the way (EEXIST)`,
        {
          cause: error,
        },
      );
    }
    throw storeError(error, `cannot create the folder ${path}`);
  }
}

// As ensureDir, once per folder for the holder of `made` (a sync run): a run writes thousands of files
// into the same few folders, and a `mkdir -p` of a folder that exists is a mkdir and a stat each time
// (0.7 s of a 3,000-chat first sync's main thread).
export async function ensureDirOnce(path: string, made: Set<string> | undefined): Promise<void> {
  if (made?.has(path)) return;
  await ensureDir(path);
  made?.add(path);
}

// Renames a file or folder (a chat or organization renamed on claude.ai), replacing a file at `to`.
export async function moveFile(from: string, to: string): Promise<void> {
  await moveFileUnsynced(from, to);
  await syncFolder(dirname(to));
  if (dirname(from) !== dirname(to)) await syncFolder(dirname(from));
}

// As moveFile, without syncing the folder: for names that can be made again from what is synced (a
// chat's links to its stored files, rebuilt from its manifest). After a power cut such a rename may be
// gone; nothing is lost but the name, which `verify --repair` puts back.
export async function moveFileUnsynced(from: string, to: string): Promise<void> {
  try {
    await renameRetrying(from, to);
  } catch (error) {
    throw storeError(error, `cannot move ${from} to ${to}`);
  }
}

// rename(), retried while the target looks busy (see RENAME_RETRY_DELAYS_MS).
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const delay = RENAME_RETRY_DELAYS_MS[attempt];
      const code = (error as NodeJS.ErrnoException).code;
      if (delay === undefined || code === undefined || !BUSY_CODES.has(code)) throw error;
      await sleep(delay);
    }
  }
}

// Makes a rename survive a power cut (the folder's entry is on disk, not just the file's data), so a
// journal line saying "saved" is never ahead of the file. Best effort: Windows and some network file
// systems cannot open or sync a folder, and their renames are as durable as they get anyway.
// Renames into one folder at the same time share a sync (group-commit.ts): each caller still returns
// only after a sync that began after its rename, and a sync reaches every rename done before it.
export const syncFolder = (path: string): Promise<void> =>
  process.platform === "win32" ? Promise.resolve() : syncDirs(path, undefined);
const syncDirs = groupCommit<undefined>((path) => syncDirNow(path));

async function syncDirNow(path: string): Promise<void> {
  try {
    const fd = openSync(path, "r");
    try {
      await syncFd(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // ignored: see above
  }
}
