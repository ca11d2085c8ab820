import { readFileSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { organizationNames, readChatJson } from "../archive/archive.ts";
import type { OrgFolder } from "../archive/org-folders.ts";
import { isRecord } from "../core/guards.ts";
import { accountFile } from "../core/layout.ts";
import { type FolderStamp, listOrgs, type QuickStamp, quickStamp, stampChats } from "./chat-stamps.ts";
import type { EntryWriter } from "./entry-writer.ts";
import { listProjectFolders, readProjectDocs } from "./project-files.ts";
import { inTransaction } from "./sqlite.ts";

// Brings the index up to date with the backup before a query. Which chats changed is told by each
// file's path, mtime and size (readdir + stat: no file is read unless it changed; a folder whose
// names, mtimes and sizes all hash as before is not compared chat by chat); removed chats are dropped. Only reads the backup, so it runs beside a sync; each batch is its own short transaction,
// so a second search waits a moment at most.

// Chats read at once, and written in one transaction.
const BATCH = 64;

// The writing half (entry-writer.ts and what it imports, and its prepared statements) is loaded only
// once something changed: a search on a current index never writes, and each module loaded is
// start-up time of every search.
type WriterFor = () => Promise<EntryWriter>;
function lazyWriter(db: DatabaseSync): WriterFor {
  let writer: EntryWriter | undefined;
  return async () => {
    writer ??= (await import("./entry-writer.ts")).createEntryWriter(db);
    return writer;
  };
}

export interface RefreshReport {
  chats: number; // chats in the backup
  indexed: number; // chats (re)indexed now
  removed: number; // chats dropped from the index
  projects: number; // projects (re)indexed now
}

// Updates the index; `onStart` hears how many chats need reading before the work begins.
export async function refreshIndex(
  db: DatabaseSync,
  root: string,
  onStart: (changed: number) => void = () => {},
): Promise<RefreshReport> {
  const writerFor = lazyWriter(db);
  const orgs = listOrgs(root);
  const now = Date.now();
  // Before the per-file stats, so that a change made while they run shows next time.
  const quick = orgs.map((org) => quickStamp(org, now));
  await refreshOrgs(db, root, orgs);
  const projects = await refreshProjects(db, orgs, writerFor);
  const stored = storedFolders(db);
  const unchanged = { chats: 0, indexed: 0, removed: 0, projects };
  if (stored.size === quick.length && quick.every((q) => q.stamp === stored.get(q.dir)?.quick)) {
    return { ...unchanged, chats: countChats(db) };
  }
  const folders = await stampChats(orgs);
  if (
    stored.size === folders.length &&
    folders.every((f) => f.fingerprint === stored.get(f.dir)?.fingerprint)
  ) {
    inTransaction(db, () => saveFolders(db, quick, folders));
    return { ...unchanged, chats: countChats(db) };
  }
  const known = new Map<string, { id: number; stamp: string }>();
  for (const row of db.prepare("SELECT id, uuid, path, mtime_ms, size FROM chats").all()) {
    known.set(String(row.uuid), { id: Number(row.id), stamp: stampOf(row.path, row.mtime_ms, row.size) });
  }
  const chats = folders.flatMap((folder) => folder.chats());
  const changed = chats.filter(
    (chat) => known.get(chat.uuid)?.stamp !== stampOf(chat.path, chat.mtimeMs, chat.size),
  );
  const present = new Set(chats.map((chat) => chat.uuid));
  const gone = [...known].filter(([uuid]) => !present.has(uuid)).map(([, row]) => row.id);
  onStart(changed.length);
  const writer = await writerFor();
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = changed.slice(i, i + BATCH);
    const jsons = await Promise.all(batch.map((chat) => readChatJson(chat.path)));
    inTransaction(db, () => {
      batch.forEach((chat, j) => {
        writer.writeChat(chat, jsons[j]);
      });
    });
  }
  inTransaction(db, () => {
    for (const id of gone) writer.removeChat(id);
    // Saved last: a refresh cut short leaves the old stamps, so the next one looks again.
    saveFolders(db, quick, folders);
  });
  return { chats: chats.length, indexed: changed.length, removed: gone.length, projects };
}

function countChats(db: DatabaseSync): number {
  return Number(db.prepare("SELECT count(*) AS n FROM chats").get()?.n ?? 0);
}

function storedFolders(db: DatabaseSync): Map<string, { quick: string; fingerprint: string }> {
  const stored = new Map<string, { quick: string; fingerprint: string }>();
  for (const row of db.prepare("SELECT dir, quick, fingerprint FROM folders").all()) {
    stored.set(String(row.dir), { quick: String(row.quick), fingerprint: String(row.fingerprint) });
  }
  return stored;
}

// Records what each folder looked like; a quick stamp too recent to trust is saved as "" (no match).
function saveFolders(db: DatabaseSync, quick: readonly QuickStamp[], folders: readonly FolderStamp[]): void {
  db.exec("DELETE FROM folders");
  const save = db.prepare("INSERT INTO folders (dir, quick, fingerprint) VALUES (?, ?, ?)");
  for (const folder of folders) {
    const q = quick.find((item) => item.dir === folder.dir);
    save.run(folder.dir, q?.settled ? q.stamp : "", folder.fingerprint);
  }
}

async function refreshProjects(
  db: DatabaseSync,
  orgs: readonly OrgFolder[],
  writerFor: WriterFor,
): Promise<number> {
  const known = new Map<string, { id: number; stamp: string }>();
  for (const row of db.prepare("SELECT id, uuid, dir, stamp FROM projects").all()) {
    known.set(String(row.uuid), { id: Number(row.id), stamp: `${row.dir}\n${row.stamp}` });
  }
  let indexed = 0;
  const present = new Set<string>();
  for (const org of orgs) {
    for (const folder of listProjectFolders(org.dir)) {
      present.add(folder.uuid);
      if (known.get(folder.uuid)?.stamp === `${folder.dir}\n${folder.stamp}`) continue;
      const docs = await readProjectDocs(folder.dir);
      const writer = await writerFor();
      inTransaction(db, () => writer.writeProject({ ...folder, orgUuid: org.uuid }, docs));
      indexed++;
    }
  }
  const gone = [...known].filter(([uuid]) => !present.has(uuid));
  if (gone.length > 0) {
    const writer = await writerFor();
    inTransaction(db, () => {
      for (const [, row] of gone) writer.removeProject(row.id);
    });
  }
  return indexed;
}

// Organization names for `--org NAME` and the printed hits: account.json's, else the folder's.
async function refreshOrgs(db: DatabaseSync, root: string, orgs: readonly OrgFolder[]): Promise<void> {
  const names = organizationNames(readAccountSync(root));
  const rows = orgs.map((org) => {
    const fallback = org.dirName.slice(0, Math.max(0, org.dirName.length - org.uuid.length - 1));
    return [org.uuid, names.get(org.uuid) ?? fallback, org.dirName] as const;
  });
  const stored = db.prepare("SELECT uuid, name, dir_name FROM orgs ORDER BY uuid").all();
  const same =
    stored.length === rows.length &&
    [...rows]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .every(
        (row, i) => row.join("\n") === [stored[i]?.uuid, stored[i]?.name, stored[i]?.dir_name].join("\n"),
      );
  if (same) return;
  inTransaction(db, () => {
    db.exec("DELETE FROM orgs");
    const insert = db.prepare("INSERT OR REPLACE INTO orgs (uuid, name, dir_name) VALUES (?, ?, ?)");
    for (const row of rows) insert.run(...row);
  });
}

function stampOf(path: unknown, mtimeMs: unknown, size: unknown): string {
  return `${String(path)}\n${Number(mtimeMs)}\n${Number(size)}`;
}

// account.json, read synchronously (archive's readAccount costs a thread-pool round trip per search).
function readAccountSync(root: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(accountFile(root), "utf8"));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
