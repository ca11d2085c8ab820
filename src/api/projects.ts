import { ApiError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { isUuid } from "../core/uuid.ts";
import type { HttpClient } from "../http/client.ts";

// A raw answer: the bytes as served (what is saved) and their JSON.
export interface RawJson {
  body: Buffer;
  json: unknown;
}

// A project row of the list, kept raw; only uuid (and name, updated_at when present) are relied on.
export type ProjectRow = Record<string, unknown> & { uuid: string };

// The project calls of claude.ai's internal API (docs/claude-api.md §5). Endpoints that may not
// exist for an account (binary knowledge files, memory, a project's conversation list) answer
// `undefined` for a 404: that means "none", not an error.
export interface ProjectsApi {
  listPage(
    orgUuid: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: ProjectRow[]; hasMore: boolean | undefined }>;
  project(orgUuid: string, projectUuid: string): Promise<RawJson>;
  docs(orgUuid: string, projectUuid: string): Promise<RawJson>;
  files(orgUuid: string, projectUuid: string): Promise<RawJson | undefined>;
  syncs(orgUuid: string, projectUuid: string): Promise<RawJson | undefined>;
  memory(orgUuid: string, projectUuid: string): Promise<RawJson | undefined>;
  conversationsPage(
    orgUuid: string,
    projectUuid: string,
    offset: number,
    limit: number,
  ): Promise<RawJson | undefined>;
  orgMemory(orgUuid: string): Promise<RawJson | undefined>;
}

// The list is asked for with harmony projects included and without a creator filter, so projects
// shared with the user come too; archived ones are in it (their archived_at is set).
const LIST_QUERY = "include_harmony_projects=true";

export function createProjectsApi(http: HttpClient): ProjectsApi {
  const org = (orgUuid: string) => `/api/organizations/${orgUuid}`;
  const project = (orgUuid: string, projectUuid: string) => `${org(orgUuid)}/projects/${projectUuid}`;
  const optional = async (path: string, what: string): Promise<RawJson | undefined> => {
    try {
      return await http.getJson(path, what);
    } catch (error) {
      if (error instanceof ApiError && error.code === "NOT_FOUND") return undefined;
      throw error;
    }
  };
  return {
    async listPage(orgUuid, offset, limit) {
      const what = `project list of organization ${orgUuid}`;
      const { json } = await http.getJson(
        `${org(orgUuid)}/projects?${LIST_QUERY}&limit=${limit}&offset=${offset}`,
        what,
      );
      // A bare array (as ClaudeSync sees it) or a {data|projects: [...]} wrapper (docs/claude-api.md §5.1).
      const rows = Array.isArray(json) ? json : isRecord(json) ? (json.data ?? json.projects) : undefined;
      if (!Array.isArray(rows)) throw badShape(what, "expected an array or {data: [...]}");
      for (const row of rows) {
        if (!isRecord(row) || !isUuid(row.uuid)) throw badShape(what, "a project without a uuid");
      }
      const hasMore = isRecord(json) && typeof json.has_more === "boolean" ? json.has_more : undefined;
      return { rows: rows as ProjectRow[], hasMore };
    },
    async project(orgUuid, projectUuid) {
      const what = `project ${projectUuid}`;
      const answer = await http.getJson(project(orgUuid, projectUuid), what);
      if (!isRecord(answer.json) || answer.json.uuid !== projectUuid)
        throw badShape(what, "expected the project object");
      return answer;
    },
    async docs(orgUuid, projectUuid) {
      const what = `knowledge docs of project ${projectUuid}`;
      const answer = await http.getJson(`${project(orgUuid, projectUuid)}/docs`, what);
      if (!Array.isArray(answer.json)) throw badShape(what, "expected an array");
      return answer;
    },
    files: (orgUuid, projectUuid) =>
      optional(`${project(orgUuid, projectUuid)}/files`, `knowledge files of project ${projectUuid}`),
    syncs: (orgUuid, projectUuid) =>
      optional(`${project(orgUuid, projectUuid)}/syncs`, `sync sources of project ${projectUuid}`),
    memory: (orgUuid, projectUuid) =>
      optional(`${project(orgUuid, projectUuid)}/memory`, `memory of project ${projectUuid}`),
    conversationsPage: (orgUuid, projectUuid, offset, limit) =>
      optional(
        `${project(orgUuid, projectUuid)}/conversations_v2?limit=${limit}&offset=${offset}`,
        `chats of project ${projectUuid}`,
      ),
    orgMemory: (orgUuid) => optional(`${org(orgUuid)}/memory`, `memory of organization ${orgUuid}`),
  };
}

function badShape(what: string, detail: string): ApiError {
  return new ApiError(
    "BAD_RESPONSE",
    `${what}: claude.ai's answer has an unexpected shape (${detail}); its API may have changed, please report it`,
  );
}
