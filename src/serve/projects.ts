import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { OrgFolder } from "../archive/org-folders.ts";
import { readDirIfExists } from "../archive/read-dir.ts";
import { isRecord } from "../core/guards.ts";
import { memoryFileOf, projectsDirOf, projectsListFileOf } from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";
import { nameOf } from "../core/types.ts";

// Projects and memory as the backup holds them, when it does: `<org>/projects.json` (rows),
// `<org>/projects/<name>-<uuid>/project.json` and `docs.json` (knowledge docs), `<org>/memory.json`.
// A folder without them (the original tool's, or one synced before projects were saved) has none.

export interface ProjectMeta {
  uuid: string;
  name: string;
  org: OrgFolder;
  dir: string | undefined; // the project's own folder, when it was saved
  raw: Record<string, unknown>; // project.json, else the list row
}

// Every project of an organization: the list rows, completed by the saved project folders.
export async function listProjects(org: OrgFolder): Promise<ProjectMeta[]> {
  const byUuid = new Map<string, ProjectMeta>();
  for (const row of rowsOf(await readJson(projectsListFileOf(org.dir)))) {
    if (typeof row.uuid !== "string") continue;
    const uuid = row.uuid.toLowerCase();
    byUuid.set(uuid, { uuid, name: nameOf(row), org, dir: undefined, raw: row });
  }
  const parent = projectsDirOf(org.dir);
  for (const entry of await readDirIfExists(parent)) {
    const uuid = entry.isDirectory() ? uuidFromFileName(entry.name) : undefined;
    if (!uuid) continue;
    const dir = join(parent, entry.name);
    const saved = await readJson(join(dir, "project.json"));
    const raw = isRecord(saved) ? saved : (byUuid.get(uuid)?.raw ?? { uuid });
    byUuid.set(uuid, { uuid, name: nameOf(raw) || byUuid.get(uuid)?.name || "", org, dir, raw });
  }
  return [...byUuid.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// A project's knowledge docs ({file_name, content, …}), from docs.json.
export async function readProjectDocs(project: ProjectMeta): Promise<Record<string, unknown>[]> {
  if (!project.dir) return [];
  return rowsOf(await readJson(join(project.dir, "docs.json")));
}

// The organization's memory text, when it was saved.
export async function readMemory(org: OrgFolder): Promise<string | undefined> {
  const saved = await readJson(memoryFileOf(org.dir));
  if (typeof saved === "string") return saved;
  return isRecord(saved) && typeof saved.memory === "string" ? saved.memory : undefined;
}

// Rows of a bare array or of a `{data|projects: [...]}` envelope, with a uuid each.
function rowsOf(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value.data)
      ? value.data
      : isRecord(value) && Array.isArray(value.projects)
        ? value.projects
        : [];
  return list.filter((row): row is Record<string, unknown> => isRecord(row));
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
}
