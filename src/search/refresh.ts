import type { DatabaseSync } from "node:sqlite";
import {
  type ArchiveChat,
  listArchiveChats,
  organizationNames,
  readAccount,
  readChatJson,
} from "../archive/archive.ts";
import { listOrgFolders } from "../archive/org-folders.ts";
import { createEntryWriter } from "./entry-writer.ts";
import { listProjectFolders, readProjectDocs } from "./project-files.ts";
import { inTransaction } from "./sqlite.ts";

// Brings the index up to date with the backup before a query. Which chats changed is told by each
// file's path, mtime and size (readdir + stat: no file is read unless it changed); removed chats are
// dropped. Only reads the backup, so it runs beside a sync; each batch is its own short transaction,
// so a second search waits a moment at most.

// Chats read at once, and written in one transaction.
const BATCH = 64;

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
  const writer = createEntryWriter(db);
  const chats = await listArchiveChats(root);
  await refreshOrgs(db, root);
  const known = new Map<string, { id: number; stamp: string }>();
  for (const row of db.prepare("SELECT id, uuid, path, mtime_ms, size FROM chats").all()) {
    known.set(String(row.uuid), { id: Number(row.id), stamp: stampOf(row.path, row.mtime_ms, row.size) });
  }
  const changed = chats.filter(
    (chat) => known.get(chat.uuid)?.stamp !== stampOf(chat.path, chat.mtimeMs, chat.size),
  );
  const present = new Set(chats.map((chat) => chat.uuid));
  const gone = [...known].filter(([uuid]) => !present.has(uuid)).map(([, row]) => row.id);
  onStart(changed.length);
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = changed.slice(i, i + BATCH);
    const jsons = await Promise.all(batch.map((chat) => readChatJson(chat.path)));
    inTransaction(db, () => {
      batch.forEach((chat, j) => {
        writer.writeChat(factsOf(chat), jsons[j]);
      });
    });
  }
  if (gone.length > 0) {
    inTransaction(db, () => {
      for (const id of gone) writer.removeChat(id);
    });
  }
  const projects = await refreshProjects(db, root, writer);
  return { chats: chats.length, indexed: changed.length, removed: gone.length, projects };
}

async function refreshProjects(
  db: DatabaseSync,
  root: string,
  writer: ReturnType<typeof createEntryWriter>,
): Promise<number> {
  const known = new Map<string, { id: number; stamp: string }>();
  for (const row of db.prepare("SELECT id, uuid, dir, stamp FROM projects").all()) {
    known.set(String(row.uuid), { id: Number(row.id), stamp: `${row.dir}\n${row.stamp}` });
  }
  let indexed = 0;
  const present = new Set<string>();
  for (const org of await listOrgFolders(root)) {
    for (const folder of await listProjectFolders(org.dir)) {
      present.add(folder.uuid);
      if (known.get(folder.uuid)?.stamp === `${folder.dir}\n${folder.stamp}`) continue;
      const docs = await readProjectDocs(folder.dir);
      inTransaction(db, () => writer.writeProject({ ...folder, orgUuid: org.uuid }, docs));
      indexed++;
    }
  }
  const gone = [...known].filter(([uuid]) => !present.has(uuid));
  if (gone.length > 0) {
    inTransaction(db, () => {
      for (const [, row] of gone) writer.removeProject(row.id);
    });
  }
  return indexed;
}

// Organization names for `--org NAME` and the printed hits: account.json's, else the folder's.
async function refreshOrgs(db: DatabaseSync, root: string): Promise<void> {
  const names = organizationNames(await readAccount(root));
  const rows = (await listOrgFolders(root)).map((org) => {
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

function factsOf(chat: ArchiveChat) {
  return { uuid: chat.uuid, orgUuid: chat.org.uuid, path: chat.path, mtimeMs: chat.mtimeMs, size: chat.size };
}

function stampOf(path: unknown, mtimeMs: unknown, size: unknown): string {
  return `${String(path)}\n${Number(mtimeMs)}\n${Number(size)}`;
}
