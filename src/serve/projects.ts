import type { OrgFolder } from "../archive/org-folders.ts";
import {
  listProjectFolders,
  readJsonIfValid,
  readMemoryText,
  readProjectContent,
  rowsOf,
} from "../archive/projects.ts";
import { projectsListFileOf } from "../core/layout.ts";
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
  for (const row of rowsOf(await readJsonIfValid(projectsListFileOf(org.dir)))) {
    if (typeof row.uuid !== "string") continue;
    const uuid = row.uuid.toLowerCase();
    byUuid.set(uuid, { uuid, name: nameOf(row), org, dir: undefined, raw: row });
  }
  for (const folder of await listProjectFolders(org.dir)) {
    const { uuid, dir } = folder;
    const { project } = await readProjectContent(dir);
    const raw = project ?? byUuid.get(uuid)?.raw ?? { uuid };
    byUuid.set(uuid, { uuid, name: nameOf(raw) || byUuid.get(uuid)?.name || "", org, dir, raw });
  }
  return [...byUuid.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// A project's knowledge docs ({file_name, content, …}), from docs.json.
export async function readProjectDocs(project: ProjectMeta): Promise<Record<string, unknown>[]> {
  if (!project.dir) return [];
  return (await readProjectContent(project.dir)).docs;
}

// The organization's memory text, when it was saved (by a sync, or by an import of the export).
export async function readMemory(org: OrgFolder): Promise<string | undefined> {
  return readMemoryText(org.dir);
}
