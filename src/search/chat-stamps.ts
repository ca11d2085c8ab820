import type { Hash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { scanChatFiles } from "../archive/chat-files.ts";
import type { OrgFolder } from "../archive/org-folders.ts";
import { chatsDirOf, listFileOf, organizationsDir } from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";
import { storeError } from "../core/store-error.ts";
import { UUID_PATTERN } from "../core/uuid.ts";

// What each chat file is right now (path, mtime, size), found by readdir + stat and nothing else, as
// fast as Node allows: a search must know in a few tens of milliseconds whether any of 10,000 chats
// changed. Synchronous stat on purpose: one awaited stat per file costs several times more.

// One chat file, as the index compares it.
// A name that ends in a uuid, as core/names.ts reads it (`<name>-<uuid>.json` or `<uuid>.json`).
const UUID_AT_END = new RegExp(`(?:^|-)${UUID_PATTERN}\\.json$`, "i");

export interface ChatStamp {
  uuid: string;
  orgUuid: string;
  path: string;
  mtimeMs: number;
  size: number;
}

// One organization's chats, and a fingerprint of every name, mtime and size in its folder: when the
// fingerprint is the one the index last saw, no chat of the folder needs a look (and `chats()`, which
// makes an object per chat, is never called).
export interface FolderStamp {
  dir: string;
  fingerprint: string;
  chats: () => ChatStamp[];
}

export async function stampChats(orgs: readonly OrgFolder[]): Promise<FolderStamp[]> {
  // node:crypto is fetched here, not imported: importing it costs ~20 ms of a search's start-up (its
  // ES module namespace loads every part of it), and a search whose quick stamps match never hashes.
  const { createHash } = process.getBuiltinModule("node:crypto");
  const folders: FolderStamp[] = [];
  for (const org of orgs) {
    const dir = chatsDirOf(org.dir);
    const hash = createHash("sha1");
    const names: string[] = [];
    const mtimes: number[] = [];
    const sizes: number[] = [];
    let unnamed = false;
    for (const name of listNames(dir)) {
      if (!name.endsWith(".json")) continue;
      // The original tool's `Setting_up_Node.json` has no uuid: opened below to learn whose it is.
      if (!UUID_AT_END.test(name)) {
        unnamed = true;
        continue;
      }
      // Plain concatenation rather than path.join: the names come from readdir, there is nothing to
      // normalise, and join costs as much as the stat here.
      const info = statSync(dir + sep + name, { throwIfNoEntry: false });
      if (!info?.isFile()) continue;
      hash.update(`${name}\t${info.mtimeMs}\t${info.size}\n`);
      names.push(name);
      mtimes.push(info.mtimeMs);
      sizes.push(info.size);
    }
    const extra = unnamed ? await unnamedChats(dir, org.uuid, hash) : [];
    const chats = () => {
      // A chat held under two names (a run killed mid-rename) counts once, like archive/ lists it.
      const seen = new Set<string>();
      const list: ChatStamp[] = [];
      names.forEach((name, i) => {
        const uuid = uuidFromFileName(name);
        if (!uuid || seen.has(uuid)) return;
        seen.add(uuid);
        list.push({
          uuid,
          orgUuid: org.uuid,
          path: join(dir, name),
          mtimeMs: mtimes[i] ?? 0,
          size: sizes[i] ?? 0,
        });
      });
      return [...list, ...extra.filter((chat) => !seen.has(chat.uuid))];
    };
    folders.push({ dir, fingerprint: hash.digest("hex"), chats });
  }
  return folders;
}

async function unnamedChats(dir: string, orgUuid: string, hash: Hash): Promise<ChatStamp[]> {
  const chats: ChatStamp[] = [];
  for (const [uuid, names] of await scanChatFiles(dir)) {
    const name = names.find((n) => !UUID_AT_END.test(n));
    if (name === undefined || names.some((n) => UUID_AT_END.test(n))) continue;
    const info = statSync(join(dir, name), { throwIfNoEntry: false });
    if (!info) continue;
    hash.update(`${name}\t${info.mtimeMs}\t${info.size}\n`);
    chats.push({ uuid, orgUuid, path: join(dir, name), mtimeMs: info.mtimeMs, size: info.size });
  }
  return chats;
}

// Milliseconds a folder's time must lie in the past before it is trusted: a file replaced within the
// same tick of a coarse clock (FAT: 2 s) as the check would leave the time unchanged ("racy" times).
const SETTLE_MS = 2000;

// One stat of the chats folder and one of chat_conversations.json: every chat the sync writes is
// replaced by a rename (which moves the folder's time), and every sync, ours or the original tool's,
// rewrites the list file. When both are as the index last saw them, no chat changed and the 10,000
// per-file stats are skipped. `settled`: both times are old enough to be trusted next time.
export interface QuickStamp {
  dir: string;
  stamp: string;
  settled: boolean;
}

export function quickStamp(org: OrgFolder, now: number): QuickStamp {
  const dir = chatsDirOf(org.dir);
  const folder = statSync(dir, { throwIfNoEntry: false });
  const list = statSync(listFileOf(org.dir), { throwIfNoEntry: false });
  const stamp = [folder, list]
    .map((s) => (s ? `${s.mtimeMs}:${s.ctimeMs}:${s.size}:${s.ino}` : "-"))
    .join("|");
  const newest = Math.max(folder?.mtimeMs ?? 0, list?.mtimeMs ?? 0);
  return { dir, stamp, settled: now - newest >= SETTLE_MS };
}

// The organization folders of a backup (as archive/org-folders.ts lists them, but without a
// thread-pool round trip).
export function listOrgs(root: string): OrgFolder[] {
  const parent = organizationsDir(root);
  const orgs: OrgFolder[] = [];
  for (const name of listNames(parent)) {
    const uuid = uuidFromFileName(name);
    const dir = join(parent, name);
    if (uuid && statSync(dir, { throwIfNoEntry: false })?.isDirectory())
      orgs.push({ uuid, dirName: name, dir });
  }
  return orgs.sort((a, b) => (a.dirName < b.dirName ? -1 : a.dirName > b.dirName ? 1 : 0));
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw storeError(error, `cannot list ${dir}`);
  }
}
