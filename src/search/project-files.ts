import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readProjectContent } from "../archive/projects.ts";
import { projectsDirOf } from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";
import { storeError } from "../core/store-error.ts";

// The projects a backup holds, if any: `<org>/projects/<name>-<uuid>/` with `project.json` (the
// project object) and `docs.json` (the raw docs array, each {uuid, file_name, content, created_at}).
// Folders made before projects were backed up have none; that is not an error.

// One project folder, with a stamp (both files' mtime and size) that changes whenever either does.
export interface ProjectFolder {
  uuid: string;
  dir: string;
  stamp: string;
}

// A project's searchable parts.
export interface ProjectDocs {
  name: string;
  text: string; // name, description, custom instructions
  updatedAt: string;
  docs: { uuid: string; fileName: string; content: string; createdAt: string }[];
}

// Every project folder of an organization, with its stamp (stat only, no file is read; synchronous, as
// it runs before every search).
export function listProjectFolders(orgDir: string): ProjectFolder[] {
  const parent = projectsDirOf(orgDir);
  const folders: ProjectFolder[] = [];
  for (const entry of entriesOf(parent)) {
    const uuid = entry.isDirectory() ? uuidFromFileName(entry.name) : undefined;
    if (!uuid) continue;
    const dir = join(parent, entry.name);
    const stamps = ["project.json", "docs.json"].map((name) => {
      const info = statSync(join(dir, name), { throwIfNoEntry: false });
      return info ? `${info.mtimeMs}:${info.size}` : "-";
    });
    folders.push({ uuid, dir, stamp: stamps.join("|") });
  }
  return folders;
}

function entriesOf(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw storeError(error, `cannot list ${dir}`);
  }
}

// Reads a project folder's searchable parts; files that are missing or not the JSON expected give
// empty parts.
export async function readProjectDocs(dir: string): Promise<ProjectDocs> {
  const { project, docs } = await readProjectContent(dir);
  const fields = project ?? {};
  const text = ["name", "description", "prompt_template"]
    .map((key) => fields[key])
    .filter((value): value is string => typeof value === "string" && value.length > 0)
    .join("\n");
  return {
    name: typeof fields.name === "string" ? fields.name : "",
    text,
    updatedAt: typeof fields.updated_at === "string" ? fields.updated_at : "",
    docs: docs.map((doc) => ({
      uuid: typeof doc.uuid === "string" ? doc.uuid : "",
      fileName: typeof doc.file_name === "string" ? doc.file_name : "",
      content: typeof doc.content === "string" ? doc.content : "",
      createdAt: typeof doc.created_at === "string" ? doc.created_at : "",
    })),
  };
}
