// Small questions about the file system that must not throw: a missing or unreadable path is "no".
import { readdir, stat } from "node:fs/promises";

// True when something (file, folder, anything) exists at `path`.
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

// True when `path` is a regular file.
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

// The names of the folders directly inside `dir` (none when it cannot be listed).
export async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
