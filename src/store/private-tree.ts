import type { Dirent } from "node:fs";
import { chmod, readdir } from "node:fs/promises";
import { join } from "node:path";
import { accountFile, organizationsDir } from "../core/layout.ts";

// Makes the original tool's files private: it wrote them with the default umask (0644 files, 0755
// folders), so other users of the machine could read the chats. Ours are 0600/0700. Failures (FAT, some
// network mounts) are ignored: the files stay as private as the file system allows.
export async function makeBackupPrivate(root: string): Promise<void> {
  await chmod(accountFile(root), 0o600).catch(() => {});
  await makeDirPrivate(organizationsDir(root));
}

async function makeDirPrivate(dir: string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  await chmod(dir, 0o700).catch(() => {});
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeDirPrivate(path);
    else if (entry.isFile()) await chmod(path, 0o600).catch(() => {});
  }
}
