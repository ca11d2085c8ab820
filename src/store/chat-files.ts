import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { isUuid } from "../api/types.ts";
import { isRecord } from "../util/guards.ts";
import { moveFile, writeFileAtomic } from "./atomic-write.ts";
import { uuidFromFileName } from "./names.ts";
import { storeError } from "./store-error.ts";

// What a chat file on disk says about itself (used to adopt folders that have no list file).
export interface ChatFacts {
  uuid: string;
  updatedAt: string | undefined;
  name: string;
}

// Maps each chat uuid to the files that hold it. Names normally end in the uuid; files written by the
// original tool's dot bug (`Setting_up_Node.json`) do not, and are opened to find out whose they are.
export async function scanChatFiles(chatsDir: string): Promise<Map<string, string[]>> {
  const files = new Map<string, string[]>();
  let names: string[];
  try {
    names = await readdir(chatsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return files;
    throw storeError(error, `cannot list ${chatsDir}`);
  }
  for (const name of names) {
    // Temp files (`.tmp`) are skipped; a run that holds the lock removes those a killed run left.
    if (!name.endsWith(".json")) continue;
    const uuid = uuidFromFileName(name) ?? (await readChatFacts(join(chatsDir, name)))?.uuid;
    if (!uuid) continue;
    const list = files.get(uuid);
    if (list) list.push(name);
    else files.set(uuid, [name]);
  }
  return files;
}

// Reads uuid, updated_at and name from a saved chat; undefined when the file is not a chat.
export async function readChatFacts(path: string): Promise<ChatFacts | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isUuid(parsed.uuid)) return undefined;
  return {
    uuid: parsed.uuid,
    updatedAt: typeof parsed.updated_at === "string" ? parsed.updated_at : undefined,
    name: typeof parsed.name === "string" ? parsed.name : "",
  };
}

// Saves a chat's raw JSON under `fileName` (mtime = the chat's updated_at), then removes the files
// that held it under older names, so there is always exactly one file per chat. A chat whose name
// changed is written over its old file, which is then renamed: at no moment are there two files (or
// none) for it, even when the process is killed in between (the next run, seeing the old list row,
// fetches it again and renames the file).
export async function saveChatFile(
  chatsDir: string,
  fileName: string,
  body: Uint8Array,
  mtime: Date | undefined,
  previous: readonly string[],
): Promise<void> {
  const [oldName] = previous;
  const target = oldName !== undefined && !previous.includes(fileName) ? oldName : fileName;
  await writeFileAtomic(join(chatsDir, target), body, mtime ? { mtime } : undefined);
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
