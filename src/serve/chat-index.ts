import { join } from "node:path";
import { organizationNames, readAccount } from "../archive/archive.ts";
import { readChatFacts, scanChatFiles } from "../archive/chat-files.ts";
import { readListFile } from "../archive/list-file.ts";
import { listOrgFolders, type OrgFolder } from "../archive/org-folders.ts";
import { accountFile, chatsDirOf, listFileOf } from "../core/layout.ts";
import type { ChatEntry } from "../core/types.ts";
import { nameOf } from "../core/types.ts";
import { statCache } from "./stat-cache.ts";

// The viewer's picture of the backup: one small record per chat, built from each organization's list
// file (chat_conversations.json) and the names in chat_conversations/, never from the chat files
// themselves (a chat without a list row, from an old folder, is opened once for its name and date).
// Re-read only where a stat says something changed, so a running sync shows up on the next request.

// What the chat list shows and filters on.
export interface ChatMeta {
  uuid: string;
  org: OrgFolder;
  name: string;
  createdAt: string;
  updatedAt: string;
  model: string;
  starred: boolean;
  projectUuid: string;
  path: string; // the chat file
}

export interface ArchiveIndex {
  orgs: OrgFolder[];
  orgNames: Map<string, string>; // org uuid → name from account.json (folder names are cut)
  chats: ChatMeta[]; // newest first
  byUuid: Map<string, ChatMeta>;
  models: string[]; // the models chats use, for the list's filter
}

export interface ChatIndex {
  // The index as the folder is now (cheap when nothing changed: a few stats).
  current(): Promise<ArchiveIndex>;
}

// An index over the backup at `root`; `warn` hears about unreadable list files.
export function createChatIndex(root: string, warn: (message: string) => void): ChatIndex {
  const rows = statCache(
    async (path) => new Map((await readListFile(path, warn)).map((row) => [row.uuid.toLowerCase(), row])),
    () => new Map<string, ChatEntry>(),
  );
  const files = statCache(scanChatFiles, () => new Map<string, string[]>());
  const names = statCache(
    async () => organizationNames(await readAccount(root)),
    () => new Map<string, string>(),
  );
  const facts = statCache(readChatFacts, () => undefined);
  const built = new Map<string, { rows: unknown; files: unknown; chats: ChatMeta[] }>();
  let last: { index: ArchiveIndex; parts: ChatMeta[][] } | undefined;

  async function orgChats(org: OrgFolder): Promise<ChatMeta[]> {
    const orgRows = await rows.get(listFileOf(org.dir));
    const orgFiles = await files.get(chatsDirOf(org.dir));
    const held = built.get(org.dir);
    if (held && held.rows === orgRows && held.files === orgFiles) return held.chats;
    const chats: ChatMeta[] = [];
    for (const [uuid, names] of orgFiles) {
      const [fileName] = names;
      if (fileName === undefined) continue;
      const path = join(chatsDirOf(org.dir), fileName);
      const row = orgRows.get(uuid) ?? (await rowFromFile(path));
      if (row) chats.push(metaOf(uuid, org, path, row));
    }
    built.set(org.dir, { rows: orgRows, files: orgFiles, chats });
    return chats;
  }

  async function rowFromFile(path: string): Promise<Record<string, unknown> | undefined> {
    const found = await facts.get(path);
    return found ? { name: found.name, updated_at: found.updatedAt ?? "" } : undefined;
  }

  return {
    async current() {
      const orgs = await listOrgFolders(root);
      const perOrg = await Promise.all(orgs.map(orgChats));
      const orgNames = await names.get(accountFile(root));
      const unchanged =
        last?.index.orgNames === orgNames &&
        last.parts.length === perOrg.length &&
        last.parts.every((part, i) => part === perOrg[i]);
      if (last && unchanged) return last.index;
      const chats = perOrg.flat().sort(newestFirst);
      const models = [...new Set(chats.map((c) => c.model).filter(Boolean))].sort();
      const index = { orgs, orgNames, chats, byUuid: new Map(chats.map((c) => [c.uuid, c])), models };
      last = { index, parts: perOrg };
      return index;
    },
  };
}

function metaOf(uuid: string, org: OrgFolder, path: string, row: Record<string, unknown>): ChatMeta {
  const text = (key: string) => (typeof row[key] === "string" ? (row[key] as string) : "");
  const project = typeof row.project_uuid === "string" ? row.project_uuid.toLowerCase() : "";
  return {
    uuid,
    org,
    name: nameOf(row),
    createdAt: text("created_at"),
    updatedAt: text("updated_at"),
    model: text("model"),
    starred: row.is_starred === true,
    projectUuid: project,
    path,
  };
}

function newestFirst(a: ChatMeta, b: ChatMeta): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
}

// The name to show for an organization: account.json's, else its folder's without the uuid.
export function orgLabel(index: ArchiveIndex, org: OrgFolder): string {
  return index.orgNames.get(org.uuid) ?? (org.dirName.slice(0, -(org.uuid.length + 1)) || org.dirName);
}
