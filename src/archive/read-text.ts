import { readFile } from "node:fs/promises";
import { storeError } from "../core/store-error.ts";

// A file's text, or undefined when it does not exist; any other failure is a StoreError in words.
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw storeError(error, `cannot read ${path}`);
  }
}
