import { join } from "node:path";
import type { ProjectRow, ProjectsApi, RawJson } from "../api/projects.ts";
import { isManifestEntry, type ManifestEntry } from "../archive/file-manifest.ts";
import { readDirIfExists } from "../archive/read-dir.ts";
import { readTextIfExists } from "../archive/read-text.ts";
import { isRecord } from "../core/guards.ts";
import { PROJECT_MANIFEST, projectsDirOf } from "../core/layout.ts";
import { chatSlug, uuidFromFileName } from "../core/names.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { ensureDir } from "../disk/atomic-write.ts";
import { linkFolder, placeLinks } from "../store/file-links.ts";
import {
  type ProjectRowHeld,
  readProjectRows,
  replaceDocs,
  writeProjectFile,
  writeProjectRows,
} from "../store/project-files.ts";
import { removeStrayTemps } from "../store/stray-temps.ts";
import type { SaveOutcome } from "./events.ts";
import { type FetchContext, fetchFile } from "./fetch-file.ts";
import { entryRefs } from "./file-refs.ts";
import type { OrgRun } from "./org-run.ts";
import { safeFileName, uniqueName } from "./safe-file-name.ts";
import type { Task } from "./task-queue.ts";

export interface ProjectsContext extends FetchContext {
  projects: ProjectsApi;
  nameLimit: number;
  fullScan: boolean; // the daily full scan fetches every project again
  withFiles: boolean; // false with --no-files: knowledge files are not downloaded
}

// What a run knows of one organization's projects.
export interface OrgProjects {
  run: OrgRun;
  rows: Map<string, ProjectRowHeld>; // every project held, as `<org>/projects.json` will say
  dirs: Map<string, string>; // uuid → folder name under `<org>/projects/`
  listed: Set<string> | undefined; // every uuid claude.ai listed, once the list was read whole
  writing: Promise<void>; // writes of projects.json, one after the other
}

// Writes `<org>/projects.json` after the writes before it: project tasks run in parallel, and each
// write takes the rows as they are when it starts, so the last one holds every row.
function saveRows(org: OrgProjects): Promise<void> {
  org.writing = org.writing.catch(() => {}).then(() => writeProjectRows(org.run.dir, org.rows.values()));
  return org.writing;
}

// Page size of the project list, and a bound on pages (a list that never ends is a server bug).
const PAGE = 100;
const MAX_PAGES = 1000;

// Reads what the backup holds of an organization's projects.
export async function loadOrgProjects(run: OrgRun): Promise<OrgProjects> {
  const rows = new Map((await readProjectRows(run.dir)).map((row) => [canonicalUuid(row.uuid), row]));
  const dirs = new Map<string, string>();
  for (const entry of await readDirIfExists(projectsDirOf(run.dir))) {
    const uuid = entry.isDirectory() ? uuidFromFileName(entry.name) : undefined;
    if (uuid && !dirs.has(uuid)) dirs.set(uuid, entry.name);
    // Temp files of a killed run (the lock says no other run writes them).
    if (uuid)
      for (const sub of ["", "docs", "files"])
        await removeStrayTemps(join(projectsDirOf(run.dir), entry.name, sub));
  }
  return { run, rows, dirs, listed: undefined, writing: Promise.resolve() };
}

// The task that lists an organization's projects and queues a task for each one that changed. A
// project whose updated_at did not change costs nothing beyond the list (it is renamed locally when
// its name changed), except on the daily full scan.
export function projectListTask(
  context: ProjectsContext,
  org: OrgProjects,
  enqueue: (tasks: Task[]) => void,
): Task {
  const { run } = org;
  return {
    async run() {
      const rows = await listAll(context, run.org.uuid);
      org.listed = new Set(rows.map((row) => canonicalUuid(row.uuid)));
      const tasks: Task[] = [];
      for (const row of rows) {
        const uuid = canonicalUuid(row.uuid);
        const held = org.rows.get(uuid);
        const wanted = chatSlug(typeof row.name === "string" ? row.name : "", uuid, context.nameLimit);
        const unchanged = held !== undefined && held.updated_at === row.updated_at && org.dirs.has(uuid);
        if (unchanged && !context.fullScan) {
          if (org.dirs.get(uuid) !== wanted) {
            await linkFolder(projectsDirOf(run.dir), wanted, uuid, false);
            org.dirs.set(uuid, wanted);
          }
          org.rows.set(uuid, row);
          continue;
        }
        tasks.push(projectTask(context, org, row, wanted, held === undefined ? "new" : "updated"));
      }
      context.summary.projectsHeld += new Set([...org.rows.keys(), ...org.listed]).size;
      await saveRows(org);
      enqueue(tasks);
    },
    gone() {}, // no project list here: the account has no projects
    failed(error) {
      context.summary.failed++;
      context.events.fileFailed(run.org, `the project list`, error);
    },
  };
}

async function listAll(context: ProjectsContext, orgUuid: string): Promise<ProjectRow[]> {
  const rows = new Map<string, ProjectRow>();
  for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
    const answer = await context.queue.request(() => context.projects.listPage(orgUuid, offset, PAGE));
    const before = rows.size;
    for (const row of answer.rows) rows.set(canonicalUuid(row.uuid), row);
    offset += answer.rows.length;
    const ended = answer.hasMore === undefined ? answer.rows.length < PAGE : !answer.hasMore;
    if (ended || rows.size === before) break;
  }
  return [...rows.values()];
}

// Fetches one project whole: the project (instructions, prompt_template), its docs (raw, and each as
// a readable file), binary knowledge files (where offered), sync sources and memory.
function projectTask(
  context: ProjectsContext,
  org: OrgProjects,
  row: ProjectRow,
  dirName: string,
  outcome: SaveOutcome,
): Task {
  const { run } = org;
  const orgUuid = run.org.uuid;
  const uuid = canonicalUuid(row.uuid);
  const name = typeof row.name === "string" ? row.name : "";
  return {
    async run() {
      const api = context.projects;
      const request = <T>(call: () => Promise<T>) => context.queue.request(call);
      const detail = await request(() => api.project(orgUuid, row.uuid));
      const dir = await linkFolder(projectsDirOf(run.dir), dirName, uuid, true);
      org.dirs.set(uuid, dirName);
      await writeProjectFile(dir, "project.json", detail.body);
      const docs = await request(() => api.docs(orgUuid, row.uuid));
      await writeProjectFile(dir, "docs.json", docs.body);
      await replaceDocs(dir, readableDocs(docs.json, context.nameLimit));
      let complete = true;
      const files = await request(() => api.files(orgUuid, row.uuid));
      if (files) {
        await writeProjectFile(dir, "files.json", files.body);
        if (context.withFiles) complete = await knowledgeFiles(context, org, dir, `project ${uuid}`, files);
      }
      const syncs = await request(() => api.syncs(orgUuid, row.uuid));
      if (syncs) await writeProjectFile(dir, "syncs.json", syncs.body);
      const memory = await request(() => api.memory(orgUuid, row.uuid));
      if (memory) await writeProjectFile(dir, "memory.json", memory.body);
      // A project with a file left to fetch keeps its old row, so the next run comes back to it.
      if (complete) org.rows.set(uuid, row);
      await saveRows(org);
      context.summary.projects++;
      context.events.projectSaved(run.org, { uuid, name, outcome });
    },
    gone() {}, // deleted between list and fetch: what we hold is kept
    failed(error) {
      context.summary.failed++;
      context.events.fileFailed(run.org, `project ${name || uuid}`, error);
    },
  };
}

// Each doc's content under its own (safe, unique) file name.
function readableDocs(json: unknown, nameLimit: number): { name: string; content: string }[] {
  const taken = new Set<string>();
  const out: { name: string; content: string }[] = [];
  for (const doc of Array.isArray(json) ? json : []) {
    if (!isRecord(doc) || typeof doc.content !== "string") continue;
    const raw =
      typeof doc.file_name === "string" && doc.file_name !== "" ? doc.file_name : String(doc.uuid ?? "doc");
    const name = uniqueName(safeFileName(raw, nameLimit), taken, nameLimit);
    taken.add(name.toLowerCase());
    out.push({ name, content: doc.content });
  }
  return out;
}

// Downloads the project's binary knowledge files not held yet, with a manifest beside files.json and
// a link for each under `files/`. Returns whether every file is settled.
async function knowledgeFiles(
  context: ProjectsContext,
  org: OrgProjects,
  dir: string,
  owner: string,
  files: RawJson,
): Promise<boolean> {
  const manifestPath = join(dir, PROJECT_MANIFEST);
  const held = new Map<string, ManifestEntry>();
  try {
    const parsed: unknown = JSON.parse((await readTextIfExists(manifestPath)) ?? "[]");
    for (const entry of Array.isArray(parsed) ? parsed.filter(isManifestEntry) : [])
      held.set(entry.key, entry);
  } catch {
    // damaged: files are fetched again (stored blobs are not duplicated)
  }
  const taken = new Set([...held.values()].flatMap((e) => (e.link ? [e.link.toLowerCase()] : [])));
  let complete = true;
  const refs = (Array.isArray(files.json) ? files.json : []).flatMap((entry) =>
    entryRefs(entry, org.run.org.uuid).filter((ref) => ref.variant !== "thumbnail"),
  );
  for (const ref of refs) {
    const before = held.get(ref.key);
    if (before?.status === "ok" && before.sha256 && context.blobs.has(before.sha256)) continue;
    if (before?.status === "gone" && !context.fullScan) continue;
    const base = {
      key: ref.key,
      ...(ref.fileUuid ? { fileUuid: ref.fileUuid } : {}),
      variant: ref.variant,
      fileName: ref.fileName,
    };
    const entry = await fetchFile(context, org.run.org, owner, ref, base, ref.candidates);
    if (!entry) {
      complete = false;
      continue;
    }
    if (entry.status === "ok") {
      entry.link =
        before?.link ?? uniqueName(safeFileName(ref.fileName, context.nameLimit), taken, context.nameLimit);
      taken.add(entry.link.toLowerCase());
    }
    held.set(ref.key, entry);
    await writeProjectFile(dir, PROJECT_MANIFEST, `${JSON.stringify([...held.values()], null, 1)}\n`);
  }
  const links = [...held.values()].flatMap((e) =>
    e.status === "ok" && e.sha256 && e.link ? [{ name: e.link, sha256: e.sha256 }] : [],
  );
  if (links.length > 0) {
    const filesDir = join(dir, "files");
    await ensureDir(filesDir);
    await placeLinks(context.root, filesDir, links);
  }
  return complete;
}

// Writes each project's `conversations.json`: the uuids of the chats held that belong to it (from the
// chats' list rows, project_uuid), so the backup alone says which chats are whose.
export async function writeProjectChats(org: OrgProjects): Promise<void> {
  await org.writing;
  const byProject = new Map<string, string[]>();
  for (const [uuid, chat] of org.run.held) {
    const project = chat.row?.project;
    if (typeof project !== "string" || chat.files.length === 0) continue;
    const key = canonicalUuid(project);
    const chats = byProject.get(key);
    if (chats) chats.push(uuid);
    else byProject.set(key, [uuid]); // not a new array per chat: a project of 5,000 chats made 5,000 of them
  }
  for (const [uuid, dirName] of org.dirs) {
    const dir = join(projectsDirOf(org.run.dir), dirName);
    const text = `${JSON.stringify((byProject.get(uuid) ?? []).sort())}\n`;
    if ((await readTextIfExists(join(dir, "conversations.json")).catch(() => undefined)) === text) continue;
    await writeProjectFile(dir, "conversations.json", text);
  }
}
