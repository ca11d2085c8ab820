import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { isRecord } from "../core/guards.ts";
import { accountFile, chatsDirOf } from "../core/layout.ts";
import { scanChatFiles } from "./chat-files.ts";
import { listOrgFolders, type OrgFolder } from "./org-folders.ts";
import { readTextIfExists } from "./read-text.ts";

// The one door read-only features (render, search, export, verify, serve) go through. It never
// writes and never locks, so it works beside a running sync and on a folder the original tool made.

// One chat file of the backup.
export interface ArchiveChat {
  org: OrgFolder;
  uuid: string; // lower case
  fileName: string;
  path: string;
  mtimeMs: number; // the chat's updated_at, as the sync sets it
  size: number;
}

// Every chat file of every organization. A chat held under two names (a run killed mid-rename)
// is listed once, under its first name.
export async function listArchiveChats(root: string): Promise<ArchiveChat[]> {
  const chats: ArchiveChat[] = [];
  for (const org of await listOrgFolders(root)) {
    const chatsDir = chatsDirOf(org.dir);
    for (const [uuid, files] of await scanChatFiles(chatsDir)) {
      const [fileName] = files;
      if (fileName === undefined) continue;
      const path = join(chatsDir, fileName);
      const info = await stat(path).catch(() => undefined);
      if (info) chats.push({ org, uuid, fileName, path, mtimeMs: info.mtimeMs, size: info.size });
    }
  }
  return chats;
}

// A chat's JSON object; undefined when the file is gone or is not a JSON object (verify reports those).
export async function readChatJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// account.json as saved by the last sync, if any.
export async function readAccount(root: string): Promise<Record<string, unknown> | undefined> {
  const text = await readTextIfExists(accountFile(root));
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// The organization names account.json knows, by lower-case uuid (folder names are cut and made safe).
export function organizationNames(account: Record<string, unknown> | undefined): Map<string, string> {
  const names = new Map<string, string>();
  const memberships = Array.isArray(account?.memberships) ? account.memberships : [];
  for (const membership of memberships) {
    const org = isRecord(membership) ? membership.organization : undefined;
    if (isRecord(org) && typeof org.uuid === "string" && typeof org.name === "string") {
      names.set(org.uuid.toLowerCase(), org.name);
    }
  }
  return names;
}

// The chat's page on claude.ai.
export function claudeChatUrl(chatUuid: string): string {
  return `https://claude.ai/chat/${chatUuid}`;
}
