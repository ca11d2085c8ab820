import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isRecord } from "../core/guards.ts";
import { memoryFileOf, projectsDirOf } from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";
import { readDirIfExists } from "./read-dir.ts";

// Projects and memory as the backup holds them: `<org>/projects/<name>-<uuid>/` with `project.json`
// (the project object, raw) and `docs.json` (its knowledge docs, raw), and `<org>/memory.json`. The sync
// and import write them; a folder made before projects were saved (or by the original tool) has none.

// One project folder of an organization.
export interface ProjectFolder {
  uuid: string; // lower case, from the folder name
  dirName: string;
  dir: string;
}

// What a project folder holds; a file that is missing or is not the JSON expected gives an empty part.
export interface ProjectContent {
  project: Record<string, unknown> | undefined;
  docs: Record<string, unknown>[]; // each {uuid, file_name, content, created_at, …} as saved
}

// Every project folder of an organization (none when it has no `projects/`).
export async function listProjectFolders(orgDir: string): Promise<ProjectFolder[]> {
  const parent = projectsDirOf(orgDir);
  const folders: ProjectFolder[] = [];
  for (const entry of await readDirIfExists(parent)) {
    const uuid = entry.isDirectory() ? uuidFromFileName(entry.name) : undefined;
    if (uuid) folders.push({ uuid, dirName: entry.name, dir: join(parent, entry.name) });
  }
  return folders;
}

// Reads a project folder's project.json and docs.json.
export async function readProjectContent(dir: string): Promise<ProjectContent> {
  const project = await readJsonIfValid(join(dir, "project.json"));
  return {
    project: isRecord(project) ? project : undefined,
    docs: rowsOf(await readJsonIfValid(join(dir, "docs.json"))),
  };
}

// The organization's memory text: the API's `{memory}` (or a bare string), or an imported export's
// `{conversations_memory}`; undefined when none was saved.
export async function readMemoryText(orgDir: string): Promise<string | undefined> {
  const saved = await readJsonIfValid(memoryFileOf(orgDir));
  if (typeof saved === "string") return saved;
  if (!isRecord(saved)) return undefined;
  for (const key of ["memory", "conversations_memory"]) {
    const text = saved[key];
    if (typeof text === "string") return text;
  }
  return undefined;
}

// The rows of a bare JSON array or of a `{data|projects: [...]}` envelope (the project list has been
// seen both ways), objects only.
export function rowsOf(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value.data)
      ? value.data
      : isRecord(value) && Array.isArray(value.projects)
        ? value.projects
        : [];
  return list.filter(isRecord);
}

// A file's parsed JSON; undefined when it is missing or does not parse (verify reports those).
export async function readJsonIfValid(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
}
