import { basename, dirname } from "node:path";
import { blobsDir } from "../core/layout.ts";
import { sha256OfFile } from "./hash-file.ts";
import { SHA256 } from "./manifests.ts";
import { forEachLimit } from "./pool.ts";
import type { Problem } from "./problem.ts";
import { type TreeItem, unreadable } from "./walk.ts";

// Files hashed at once: hashing is cheap next to reading, so a few keep the disk busy.
const HASH_CONCURRENCY = 4;

// The stored files, checked: how many were hashed, and those whose bytes do not match their name.
export interface BlobsChecked {
  count: number;
  damaged: Set<string>; // paths
}

// Hashes every file under files/sha256/ (streaming; temp files left out by the caller) and compares it with the name it is stored under.
export async function checkBlobs(
  root: string,
  items: readonly TreeItem[],
  problems: Problem[],
  signal?: AbortSignal,
): Promise<BlobsChecked> {
  const base = blobsDir(root);
  const damaged = new Set<string>();
  const blobs: TreeItem[] = [];
  for (const item of items) {
    if (item.dir || item.path === base) continue;
    const name = basename(item.path);
    const placed = dirname(dirname(item.path)) === base && basename(dirname(item.path)) === name.slice(0, 2);
    if (item.file && SHA256.test(name) && placed) blobs.push(item);
    else {
      problems.push({
        kind: "stray-file",
        path: item.path,
        detail: "is not a stored file (those are named files/sha256/<aa>/<sha256>); nothing reads it",
        fix: "manual",
      });
    }
  }
  let count = 0;
  await forEachLimit(
    blobs,
    HASH_CONCURRENCY,
    async (item) => {
      let actual: string;
      try {
        actual = await sha256OfFile(item.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") problems.push(unreadable(item.path, error));
        return;
      }
      count++;
      if (actual === item.name) return;
      damaged.add(item.path);
      problems.push({
        kind: "damaged-file",
        path: item.path,
        detail: `its bytes hash to ${actual}; --repair removes it, and the next sync fetches it again`,
        fix: "repair",
        repair: { action: "remove" },
      });
    },
    signal,
  );
  return { count, damaged };
}
