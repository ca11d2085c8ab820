import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { storeError } from "./store-error.ts";

// The temp files writeFileAtomic makes next to its target (`.claude-backup-<hex>.tmp`), and the probe
// files of probeNameLimit (`.claude-backup-probe-<hex>-xxx…`).
const TEMP_FILE = /^\.claude-backup-(?:[0-9a-f]+\.tmp|probe-[0-9a-f]+-x*)$/;

// True for the name of a file that only lives while a run writes it.
export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name);
}

// Removes the temp files a killed run left in `dir` (a missing folder has none). Only for a run that
// holds the folder's lock: then no other process can be writing them.
export async function removeStrayTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw storeError(error, `cannot list ${dir}`);
  }
  for (const name of names) {
    if (!isTempFile(name)) continue;
    try {
      await rm(join(dir, name), { force: true });
    } catch (error) {
      throw storeError(error, `cannot remove the temp file ${join(dir, name)}`);
    }
  }
}
