import { randomBytes } from "node:crypto";
import { open, unlink } from "node:fs/promises";
import { join } from "node:path";
import { MAX_NAME_BYTES } from "../core/names.ts";
import { storeError } from "../core/store-error.ts";

// File-name limits worth trying, longest first: most file systems take 255 bytes; eCryptfs (the old
// Ubuntu "encrypt my home folder") takes 143, because it stores names encrypted.
export const NAME_LIMITS = [MAX_NAME_BYTES, 143] as const;

// Measures the longest file name `dir` accepts, by creating and removing a probe file of each length.
// Without it, a long chat name on eCryptfs would stop every run at the same chat (ENAMETOOLONG).
export async function probeNameLimit(dir: string, limits: readonly number[] = NAME_LIMITS): Promise<number> {
  const prefix = `.claude-backup-probe-${randomBytes(4).toString("hex")}-`;
  for (const limit of limits) {
    const path = join(dir, prefix.padEnd(limit, "x"));
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.close();
      await unlink(path);
      return limit;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENAMETOOLONG")
        throw storeError(error, `cannot write in ${dir}`);
    }
  }
  return limits.at(-1) ?? MAX_NAME_BYTES;
}
