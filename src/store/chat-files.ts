import { rm } from "node:fs/promises";
import { join } from "node:path";
import { storeError } from "../core/store-error.ts";
import { moveFile, writeFileAtomic } from "../disk/atomic-write.ts";

// Saves a chat's raw JSON under `fileName` (mtime = the chat's updated_at), then removes the files
// that held it under older names, so there is always exactly one file per chat. A chat whose name
// changed is written over its old file, which is then renamed: at no moment are there two files (or
// none) for it, even when the process is killed in between (the next run, seeing the old list row,
// fetches it again and renames the file). With `syncFolder: false`, a new file's entry in the folder is
// left for the caller to sync (writeFileAtomic); a rename is synced here.
export async function saveChatFile(
  chatsDir: string,
  fileName: string,
  body: Uint8Array,
  mtime: Date | undefined,
  previous: readonly string[],
  options: { syncFolder?: boolean } = {},
): Promise<void> {
  const [oldName] = previous;
  const target = oldName !== undefined && !previous.includes(fileName) ? oldName : fileName;
  await writeFileAtomic(join(chatsDir, target), body, { ...(mtime ? { mtime } : {}), ...options });
  if (target !== fileName) await moveFile(join(chatsDir, target), join(chatsDir, fileName));
  await removeOthers(
    chatsDir,
    fileName,
    previous.filter((name) => name !== target),
  );
}

// Gives a chat file its new name without fetching it again (its content is already current).
export async function renameChatFile(
  chatsDir: string,
  fileName: string,
  previous: readonly string[],
): Promise<void> {
  const [first] = previous;
  if (first === undefined || previous.includes(fileName)) {
    await removeOthers(chatsDir, fileName, previous);
    return;
  }
  await moveFile(join(chatsDir, first), join(chatsDir, fileName));
  await removeOthers(chatsDir, fileName, previous.slice(1));
}

async function removeOthers(chatsDir: string, keep: string, files: readonly string[]): Promise<void> {
  for (const name of files) {
    if (name === keep) continue;
    try {
      await rm(join(chatsDir, name), { force: true });
    } catch (error) {
      throw storeError(error, `cannot remove the old file ${join(chatsDir, name)}`);
    }
  }
}

// Deletes a chat's files (only for --ignore-cache, which drops chats deleted on claude.ai).
export async function removeChatFiles(chatsDir: string, files: readonly string[]): Promise<void> {
  await removeOthers(chatsDir, "", files);
}
