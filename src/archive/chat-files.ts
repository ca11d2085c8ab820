import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isRecord } from "../core/guards.ts";
import { uuidFromFileName } from "../core/names.ts";
import { isUuid } from "../core/uuid.ts";
import { readDirIfExists } from "./read-dir.ts";

// What a chat file on disk says about itself (used to adopt folders that have no list file).
export interface ChatFacts {
  uuid: string; // lower case, like every uuid key
  updatedAt: string | undefined;
  name: string;
  // Row fields whose change leaves updated_at as it was (starring; moving to a project), when the
  // file has them: undefined when it does not.
  starred?: boolean | undefined;
  projectUuid?: string | null | undefined;
}

// Maps each chat uuid (lower case) to the files that hold it. Names normally end in the uuid; files
// written by the original tool's dot bug (`Setting_up_Node.json`) do not, and are opened to find out
// whose they are.
export async function scanChatFiles(chatsDir: string): Promise<Map<string, string[]>> {
  const files = new Map<string, string[]>();
  for (const entry of await readDirIfExists(chatsDir)) {
    const { name } = entry;
    // Temp files (`.tmp`) are skipped; a run that holds the lock removes those a killed run left.
    if (!name.endsWith(".json") || entry.isDirectory()) continue;
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
    uuid: parsed.uuid.toLowerCase(),
    updatedAt: typeof parsed.updated_at === "string" ? parsed.updated_at : undefined,
    name: typeof parsed.name === "string" ? parsed.name : "",
    starred: typeof parsed.is_starred === "boolean" ? parsed.is_starred : undefined,
    projectUuid:
      typeof parsed.project_uuid === "string" || parsed.project_uuid === null
        ? parsed.project_uuid
        : undefined,
  };
}
