import type { BigIntStats } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { type Problem, reasonOf } from "./problem.ts";

// One file or folder of the backup, as lstat saw it (symbolic links are listed, never followed).
export interface TreeItem {
  path: string;
  name: string;
  stats: BigIntStats; // bigint: inode numbers are compared, and some file systems exceed 2^53
  dir: boolean;
  file: boolean;
}

// Every file and folder under `dir`, itself included; nothing when it does not exist. What cannot be
// read is reported, not thrown; what vanishes meanwhile (a sync renaming a chat) is left out.
// `maxDepth` 1 lists `dir` and what it holds directly.
export async function listTree(dir: string, problems: Problem[], maxDepth = Infinity): Promise<TreeItem[]> {
  const items: TreeItem[] = [];
  const top = await itemAt(dir, problems);
  if (!top) return items;
  items.push(top);
  const folders: [TreeItem, number][] = top.dir && maxDepth > 0 ? [[top, 0]] : [];
  for (let next = folders.pop(); next; next = folders.pop()) {
    const [folder, depth] = next;
    let names: string[];
    try {
      names = await readdir(folder.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") problems.push(unreadable(folder.path, error));
      continue;
    }
    for (const name of names) {
      const item = await itemAt(join(folder.path, name), problems);
      if (!item) continue;
      items.push(item);
      if (item.dir && depth + 1 < maxDepth) folders.push([item, depth + 1]);
    }
  }
  return items;
}

async function itemAt(path: string, problems: Problem[]): Promise<TreeItem | undefined> {
  try {
    const stats = await lstat(path, { bigint: true });
    return { path, name: basename(path), stats, dir: stats.isDirectory(), file: stats.isFile() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") problems.push(unreadable(path, error));
    return undefined;
  }
}

// A file or folder that could not be read (permissions, I/O error).
export function unreadable(path: string, error: unknown): Problem {
  return { kind: "unreadable", path, detail: `cannot be read: ${reasonOf(error)}`, fix: "manual" };
}
