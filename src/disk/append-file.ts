import { closeSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { storeError } from "../core/store-error.ts";
import { ensureDir, syncFd, writeAllSync } from "./atomic-write.ts";

// Appends `text` to the file at `path` (made 0600 if new), and makes its folder first when that is
// missing (a state folder removed by hand, or never made). With `durable`, returns once the text is on
// disk. Opening and writing are direct calls and only the sync waits in the thread pool
// (atomic-write.ts says why). Every failure is a StoreError naming the file.
export async function appendToFile(path: string, text: string, options: { durable: boolean }): Promise<void> {
  try {
    await appendOnce(path, text, options.durable);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw storeError(error, `cannot write ${path}`);
    try {
      await ensureDir(dirname(path));
      await appendOnce(path, text, options.durable);
    } catch (again) {
      throw storeError(again, `cannot write ${path}`);
    }
  }
}

async function appendOnce(path: string, text: string, durable: boolean): Promise<void> {
  const fd = openSync(path, "a", 0o600);
  try {
    writeAllSync(fd, text);
    if (durable) await syncFd(fd);
  } finally {
    closeSync(fd);
  }
}
