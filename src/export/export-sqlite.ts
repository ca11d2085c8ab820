import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { listArchiveChats, organizationNames, readAccount, readChatJson } from "../archive/archive.ts";
import { readManifest } from "../archive/file-manifest.ts";
import { listOrgFolders } from "../archive/org-folders.ts";
import { UsageError } from "../core/errors.ts";
import { storeError } from "../core/store-error.ts";
import { createChatWriter } from "./chat-rows.ts";
import { readProjects } from "./project-rows.ts";
import { FTS, ftsStatements, SCHEMA } from "./sqlite-schema.ts";

// `claude-backup export sqlite FILE`: the whole backup as one SQLite file for Datasette or any SQL
// tool. Built in a temp file beside FILE and renamed over it at the end, so FILE is either the old
// export or the complete new one; a FILE that exists and is not SQLite is refused, never replaced.

type Sqlite = { DatabaseSync: new (path: string) => DatabaseSync };

export interface ExportReport {
  organizations: number;
  projects: number;
  conversations: number;
  messages: number;
}

// Chats written per transaction.
const BATCH = 200;

export async function exportSqlite(
  sqlite: Sqlite,
  options: { root: string; file: string; version: string; now: () => Date },
): Promise<ExportReport> {
  refuseNonSqlite(options.file);
  const temp = join(
    dirname(options.file),
    `.${basename(options.file)}.${randomBytes(6).toString("hex")}.tmp`,
  );
  // Created first, empty and private (0600): SQLite takes an empty file for a new database.
  try {
    closeSync(openSync(temp, "wx", 0o600));
  } catch (error) {
    throw storeError(error, `cannot create ${temp}`);
  }
  let db: DatabaseSync | undefined;
  try {
    db = new sqlite.DatabaseSync(temp);
    // A temp file that is renamed only when complete needs no journal and no syncs along the way.
    db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
    db.exec(SCHEMA);
    const report = await fill(db, options);
    for (const { table, columns } of FTS) for (const sql of ftsStatements(table, columns)) db.exec(sql);
    db.close();
    db = undefined;
    const fd = openSync(temp, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await rename(temp, options.file).catch((error: unknown) => {
      throw storeError(error, `cannot write ${options.file}`);
    });
    return report;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // already closed
    }
    await rm(temp, { force: true });
    throw error;
  }
}

async function fill(
  db: DatabaseSync,
  options: { root: string; version: string; now: () => Date },
): Promise<ExportReport> {
  const { root } = options;
  const info = db.prepare("INSERT INTO export_info VALUES (?, ?)");
  info.run("backup_dir", root);
  info.run("exported_at", options.now().toISOString());
  info.run("exported_by", `claude-backup ${options.version}`);
  info.run("stored_path_base", "stored_path is relative to backup_dir");
  const names = organizationNames(await readAccount(root));
  const orgs = await listOrgFolders(root);
  const report: ExportReport = { organizations: orgs.length, projects: 0, conversations: 0, messages: 0 };
  const org = db.prepare("INSERT INTO organizations VALUES (?, ?, ?)");
  const project = db.prepare("INSERT OR REPLACE INTO projects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const doc = db.prepare("INSERT OR REPLACE INTO project_docs VALUES (?, ?, ?, ?, ?)");
  db.exec("BEGIN");
  for (const folder of orgs) {
    const fallback = folder.dirName.slice(0, Math.max(0, folder.dirName.length - folder.uuid.length - 1));
    org.run(folder.uuid, names.get(folder.uuid) ?? fallback, folder.dirName);
    for (const p of await readProjects(folder.dir)) {
      project.run(
        p.uuid,
        folder.uuid,
        p.name,
        p.description,
        p.promptTemplate,
        p.createdAt,
        p.updatedAt,
        p.archivedAt,
        p.json,
      );
      for (const d of p.docs) doc.run(d.uuid, p.uuid, d.fileName, d.content, d.createdAt);
      report.projects++;
    }
  }
  db.exec("COMMIT");
  const writeChat = createChatWriter(db);
  const chats = await listArchiveChats(root);
  for (let i = 0; i < chats.length; i += BATCH) {
    const batch = chats.slice(i, i + BATCH);
    const loaded = await Promise.all(
      batch.map(async (chat) => ({
        chat,
        json: await readChatJson(chat.path),
        manifest: await readManifest(chat.org.dir, chat.uuid),
      })),
    );
    db.exec("BEGIN");
    for (const { chat, json, manifest } of loaded) {
      if (!json) continue; // not a chat (verify reports such files)
      const { messages } = writeChat(json, {
        root,
        uuid: chat.uuid,
        orgUuid: chat.org.uuid,
        path: chat.path,
        manifest,
      });
      report.conversations++;
      report.messages += messages;
    }
    db.exec("COMMIT");
  }
  return report;
}

// FILE may be new, empty, or an SQLite file (an earlier export); anything else is someone's data.
function refuseNonSqlite(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "EISDIR")
      throw new UsageError(`${file} is a folder; give a file name for the SQLite export`);
    throw storeError(error, `cannot read ${file}`);
  }
  try {
    const header = Buffer.alloc(16);
    const n = readSync(fd, header, 0, 16, 0);
    if (n === 0 || header.toString("latin1") === "SQLite format 3\u0000") return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EISDIR") {
      throw new UsageError(`${file} is a folder; give a file name for the SQLite export`);
    }
    throw storeError(error, `cannot read ${file}`);
  } finally {
    closeSync(fd);
  }
  throw new UsageError(`${file} exists and is not an SQLite file; it is left alone (choose another name)`);
}
