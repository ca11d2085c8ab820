// The shapes of projects in the fake's memory, and their JSON (docs/claude-api.md §5).

export interface DocState {
  uuid: string;
  file_name: string;
  content: string;
  created_at: string;
}

export interface MemoryState {
  memory: string;
  updated_at: string;
}

export interface ProjectState {
  uuid: string;
  orgUuid: string;
  name: string;
  description: string;
  prompt_template: string;
  is_private: boolean;
  is_starter_project: boolean;
  is_starred: boolean;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  creator: { uuid: string; full_name: string };
  // Listed only with include_harmony_projects=true (INFERRED: what the flag is for is not known).
  harmony: boolean;
  docs: DocState[];
  // files_v2-shaped entries (docs/claude-api.md §5.4: the shape is INFERRED from a mock).
  files: Record<string, unknown>[];
  syncs: unknown[];
  memory: MemoryState | null;
}

// A list row: the project without prompt_template, which only `GET …/projects/{p}` carries
// (INFERRED: CS, LU and TK all read it from the single-project answer).
export function projectRow(project: ProjectState): Record<string, unknown> {
  return {
    uuid: project.uuid,
    name: project.name,
    description: project.description,
    is_private: project.is_private,
    is_starter_project: project.is_starter_project,
    is_starred: project.is_starred,
    archived_at: project.archived_at,
    created_at: project.created_at,
    updated_at: project.updated_at,
    creator: { ...project.creator },
  };
}

// The single-project answer (docs/claude-api.md §5.2).
export function projectJson(project: ProjectState): Record<string, unknown> {
  return { ...projectRow(project), prompt_template: project.prompt_template };
}

// One knowledge doc as `…/docs` lists it: content included (docs/claude-api.md §5.3, WK).
export function docJson(doc: DocState): Record<string, unknown> {
  return { uuid: doc.uuid, file_name: doc.file_name, content: doc.content, created_at: doc.created_at };
}

// `GET …/projects/{p}/kb/stats` (docs/claude-api.md §5.5): sizes of the text knowledge.
export function kbStats(project: ProjectState): Record<string, unknown> {
  const size = project.docs.reduce((n, d) => n + Buffer.byteLength(d.content), 0);
  return { knowledge_size: size, use_project_knowledge_search: size > 20_000 };
}
