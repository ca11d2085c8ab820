import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { storeError } from "../core/store-error.ts";

// The entries of a folder; a folder that does not exist (yet) has none. Any other failure is a
// StoreError in words. Every walk over the backup starts here, so "missing means empty" is said once.
export async function readDirIfExists(path: string): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw storeError(error, `cannot list ${path}`);
  }
}
