import { rm } from "node:fs/promises";
import { join } from "node:path";
import { readDirIfExists } from "../archive/read-dir.ts";
import { storeError } from "../core/store-error.ts";
import { isTempFile } from "../core/temp-names.ts";

// Removes the temp files a killed run left in `dir` (a missing folder has none). Only for a run that
// holds the folder's lock: then no other process can be writing them.
export async function removeStrayTemps(dir: string): Promise<void> {
  for (const entry of await readDirIfExists(dir)) {
    if (!isTempFile(entry.name)) continue;
    try {
      await rm(join(dir, entry.name), { force: true });
    } catch (error) {
      throw storeError(error, `cannot remove the temp file ${join(dir, entry.name)}`);
    }
  }
}
