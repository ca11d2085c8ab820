import { createHash } from "node:crypto";
import { closeSync, openSync, renameSync, statSync, unlinkSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readDirIfExists } from "../archive/read-dir.ts";
import { hexKey } from "../core/hex-key.ts";
import { blobPath, blobsDir } from "../core/layout.ts";
import { storeError } from "../core/store-error.ts";
import { newTempName } from "../core/temp-names.ts";
import { ensureDirOnce, removeQuietly, syncFd, writeAllSync } from "../disk/atomic-write.ts";

// A stored file: its content's SHA-256 (hex) and size. Its bytes are at blobPath(root, sha256).
export interface StoredBlob {
  sha256: string;
  size: number;
  contentType: string | undefined;
}

// Decides from the answer's type and first bytes whether it is what was asked for; throws if not.
export type ContentCheck = (contentType: string | undefined, firstBytes: Buffer) => void;

// The same shapes as http/download.ts's ByteSink (store may not import http; the shapes match).
export interface BlobWriter<T = StoredBlob> {
  write(chunk: Uint8Array): Promise<void>;
  finish(): Promise<T>;
  discard(): Promise<void>;
}
export interface BlobSink<T = StoredBlob> {
  expectedSize?: number;
  open(head: { contentType: string | undefined; declaredSize: number | undefined }): Promise<BlobWriter<T>>;
}

// Every byte of a download is in its temp file, checked and hashed; `store` syncs it and gives it its
// hash's name (or drops it when that blob is held already). Split from receiving so that a download
// gives its connection back before the sync, the slow part (sync/fetch-file.ts). The caller must
// call `store` or `discard`: the temp file stays open until then.
export interface ReceivedBlob extends StoredBlob {
  store(): Promise<StoredBlob>;
  discard(): Promise<void>;
}

// Bytes looked at by the content check: enough for every magic number and an HTML doctype.
const SNIFF_BYTES = 64;

// A sink that streams one download into `<root>/files/sha256/`, hashing as it goes: the bytes land in
// a temp file (never whole in memory), which is synced and then renamed to its hash's name. Each
// content is stored once: when that blob exists already, the temp file is dropped. A failed attempt
// removes its temp file, so a cut download never shows up under a final name.
export function createBlobSink(
  root: string,
  options: { check?: ContentCheck; expectedSize?: number } = {},
): BlobSink {
  const receiving = receiveBlob(root, options);
  return {
    ...(options.expectedSize !== undefined ? { expectedSize: options.expectedSize } : {}),
    async open(head) {
      const writer = await receiving.open(head);
      return { ...writer, finish: async () => (await writer.finish()).store() };
    },
  };
}

// As createBlobSink, but `finish` leaves the sync and the rename to the ReceivedBlob's `store`.
export function receiveBlob(
  root: string,
  options: { check?: ContentCheck; expectedSize?: number; made?: Set<string> } = {},
): BlobSink<ReceivedBlob> {
  return {
    ...(options.expectedSize !== undefined ? { expectedSize: options.expectedSize } : {}),
    async open(head) {
      const dir = blobsDir(root);
      await ensureDirOnce(dir, options.made);
      const temp = join(dir, newTempName());
      let fd: number;
      try {
        fd = openSync(temp, "wx", 0o600);
      } catch (error) {
        throw storeError(error, `cannot write in ${dir}`);
      }
      const hash = createHash("sha256");
      let size = 0;
      let sniffed: Buffer | undefined = Buffer.alloc(0);
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        closeSync(fd);
      };
      const discard = async () => {
        await close().catch(() => {});
        removeQuietly(temp);
      };
      const sniff = (force: boolean) => {
        if (sniffed === undefined || (!force && sniffed.length < SNIFF_BYTES)) return;
        const first = sniffed;
        sniffed = undefined;
        options.check?.(head.contentType, first);
      };
      return {
        async write(chunk) {
          if (sniffed !== undefined) {
            sniffed = Buffer.concat([sniffed, chunk.subarray(0, SNIFF_BYTES - sniffed.length)]);
            sniff(false);
          }
          hash.update(chunk);
          size += chunk.length;
          try {
            // Into the page cache, directly: only the sync waits in the thread pool (atomic-write.ts).
            writeAllSync(fd, chunk);
          } catch (error) {
            throw storeError(error, `cannot write ${temp}`);
          }
        },
        async finish() {
          sniff(true);
          const sha256 = hash.digest("hex");
          const stored: StoredBlob = { sha256, size, contentType: head.contentType };
          const target = blobPath(root, sha256);
          return {
            ...stored,
            async store() {
              try {
                await syncFd(fd);
                await close();
                const held = statSync(target, { throwIfNoEntry: false });
                if (held?.isFile() && held.size === size) {
                  unlinkSync(temp);
                } else {
                  await ensureDirOnce(dirname(target), options.made);
                  renameSync(temp, target);
                }
              } catch (error) {
                await close().catch(() => {});
                removeQuietly(temp);
                throw storeError(error, `cannot store ${target}`);
              }
              return stored;
            },
            discard,
          };
        },
        discard,
      };
    },
  };
}

// True when the blob of `sha256` is on disk (a manifest entry whose blob is missing is fetched again).
export async function hasBlob(root: string, sha256: string): Promise<boolean> {
  const info = await stat(blobPath(root, sha256)).catch(() => undefined);
  return info?.isFile() === true;
}

// Which blobs are on disk, by hash. Each is kept as the number its first 13 hex digits make
// (core/hex-key.ts) rather than its 64-character name: ~40 bytes a blob instead of ~110, for a
// set that a first sync fills with every file it stores. Two different contents share a key with a
// chance of one in 2^52 per pair: at 100,000 blobs, about one in 10^6 that a file is ever taken as
// held when it is not (its link is then missing, which `verify` reports, and not a wrong file).
export class BlobsOnDisk {
  private readonly keys = new Set<number>();

  has(sha256: string): boolean {
    return this.keys.has(hexKey(sha256));
  }

  add(sha256: string): void {
    this.keys.add(hexKey(sha256));
  }
}

// The blobs on disk (one listing per two-letter folder, not a stat per file).
export async function listBlobs(root: string): Promise<BlobsOnDisk> {
  const held = new BlobsOnDisk();
  for (const folder of await readDirIfExists(blobsDir(root))) {
    if (!folder.isDirectory() || !/^[0-9a-f]{2}$/.test(folder.name)) continue;
    for (const entry of await readDirIfExists(join(blobsDir(root), folder.name))) {
      if (entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name)) held.add(entry.name);
    }
  }
  return held;
}
