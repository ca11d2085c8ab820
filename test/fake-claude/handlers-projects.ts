// Project and memory endpoints (docs/claude-api.md §5, §5.5), with claude.ai's validation order: org, then path
// UUIDs, then query params.

import type { Extras } from "./extras.ts";
import { boolParam, chatOrg, choiceParam, intParam, Refusal, uuidParam } from "./params.ts";
import { docJson, kbStats, type ProjectState, projectJson, projectRow } from "./project-state.ts";
import type { CreatorFilter, ProjectOrder } from "./projects.ts";
import { jsonReply, notFoundReply, type Reply } from "./replies.ts";
import type { Route } from "./route.ts";
import type { World } from "./world.ts";

type ProjectRoute = Extract<Route, { project: string }>;

const ORDERS: readonly ProjectOrder[] = ["latest_chat", "updated_at", "created_at", "name"];
const CREATOR_FILTERS: readonly CreatorFilter[] = ["is_creator", "is_not_creator"];

// `GET …/projects`: filtered, ordered, paged; a bare array or `{data, has_more}` (docs/claude-api.md §5.1).
export function projectList(world: World, extras: Extras, orgParam: string, query: URLSearchParams): Reply {
  const org = chatOrg(world, orgParam);
  const harmony = boolParam(query, "include_harmony_projects") ?? false;
  const limit = intParam(query, "limit", 1);
  const offset = intParam(query, "offset", 0) ?? 0;
  const starred = boolParam(query, "starred");
  const orderBy = choiceParam(query, "order_by", ORDERS);
  const creator = choiceParam(query, "creator_filter", CREATOR_FILTERS);
  const rows = extras.projects.query(org.uuid, { harmony, starred, orderBy, creator }).map(projectRow);
  const page = rows.slice(offset, offset + (limit ?? Number.POSITIVE_INFINITY));
  if (extras.state.projectsListShape === "array") return jsonReply(200, page);
  return jsonReply(200, { data: page, has_more: offset + page.length < rows.length });
}

function projectOf(world: World, extras: Extras, route: ProjectRoute): ProjectState {
  const org = chatOrg(world, route.org);
  const project = extras.projects.get(org.uuid, uuidParam(route.project, "project_uuid"));
  if (!project) throw new Refusal(notFoundReply("Project not found"));
  return project;
}

// `GET …/projects/{p}` and everything below it.
export function projectPart(world: World, extras: Extras, route: ProjectRoute): Reply {
  const project = projectOf(world, extras, route);
  switch (route.kind) {
    case "project":
      return jsonReply(200, projectJson(project));
    case "project_docs":
      return jsonReply(200, project.docs.map(docJson));
    case "project_doc": {
      const docUuid = uuidParam(route.doc, "doc_uuid");
      const doc = project.docs.find((d) => d.uuid === docUuid);
      return doc ? jsonReply(200, docJson(doc)) : notFoundReply("Document not found");
    }
    case "project_files":
      // The endpoint is only seen in a mock (docs/claude-api.md §5.4): it can be made not to exist at all.
      if (extras.state.projectFilesMissing) return notFoundReply();
      return jsonReply(200, project.files);
    case "project_syncs":
      return jsonReply(200, project.syncs);
    case "project_kb_stats":
      return jsonReply(200, kbStats(project));
    case "project_memory":
      // INFERRED endpoint (docs/claude-api.md §5.5: the export has project memories, the web path is unknown).
      return project.memory ? jsonReply(200, project.memory) : notFoundReply("Memory not found");
  }
}

// `GET …/memory`: the org's memory, or 404 when it has none (docs/claude-api.md §5.5).
export function orgMemory(world: World, extras: Extras, orgParam: string): Reply {
  const memory = extras.memory.get(chatOrg(world, orgParam).uuid);
  return memory ? jsonReply(200, memory) : notFoundReply("Memory not found");
}
