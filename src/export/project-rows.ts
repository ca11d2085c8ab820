import { join } from "node:path";
import { readDirIfExists } from "../archive/read-dir.ts";
import { readTextIfExists } from "../archive/read-text.ts";
import { isRecord } from "../core/guards.ts";
import { projectsDirOf } from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";

// The projects of an organization folder for the export: `projects/<name>-<uuid>/project.json` (the
// project object) and `docs.json` (the raw docs array). A backup without projects has none.

export interface ProjectRow {
  uuid: string;
  name: string | null;
  description: string | null;
  promptTemplate: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  archivedAt: string | null;
  json: string | null;
  docs: { uuid: string; fileName: string | null; content: string | null; createdAt: string | null }[];
}

export async function readProjects(orgDir: string): Promise<ProjectRow[]> {
  const parent = projectsDirOf(orgDir);
  const rows: ProjectRow[] = [];
  for (const entry of await readDirIfExists(parent)) {
    const uuid = entry.isDirectory() ? uuidFromFileName(entry.name) : undefined;
    if (!uuid) continue;
    const dir = join(parent, entry.name);
    const project = parse(await readTextIfExists(join(dir, "project.json")));
    const docs = parse(await readTextIfExists(join(dir, "docs.json")));
    const p = isRecord(project) ? project : {};
    rows.push({
      uuid,
      name: str(p.name),
      description: str(p.description),
      promptTemplate: str(p.prompt_template),
      createdAt: str(p.created_at),
      updatedAt: str(p.updated_at),
      archivedAt: str(p.archived_at),
      json: isRecord(project) ? JSON.stringify(project) : null,
      docs: (Array.isArray(docs) ? docs.filter(isRecord) : []).map((d, i) => ({
        uuid: str(d.uuid) ?? `${uuid}-doc-${i}`,
        fileName: str(d.file_name),
        content: str(d.content),
        createdAt: str(d.created_at),
      })),
    });
  }
  return rows;
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
