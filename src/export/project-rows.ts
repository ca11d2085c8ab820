import { listProjectFolders, readProjectContent } from "../archive/projects.ts";

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

// Every project of an organization folder, with its docs, as export rows.
export async function readProjects(orgDir: string): Promise<ProjectRow[]> {
  const rows: ProjectRow[] = [];
  for (const { uuid, dir } of await listProjectFolders(orgDir)) {
    const { project, docs } = await readProjectContent(dir);
    const p = project ?? {};
    rows.push({
      uuid,
      name: str(p.name),
      description: str(p.description),
      promptTemplate: str(p.prompt_template),
      createdAt: str(p.created_at),
      updatedAt: str(p.updated_at),
      archivedAt: str(p.archived_at),
      json: project ? JSON.stringify(project) : null,
      docs: docs.map((d, i) => ({
        uuid: str(d.uuid) ?? `${uuid}-doc-${i}`,
        fileName: str(d.file_name),
        content: str(d.content),
        createdAt: str(d.created_at),
      })),
    });
  }
  return rows;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
