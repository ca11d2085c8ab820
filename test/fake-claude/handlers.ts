// The endpoints themselves, with the validation claude.ai's backend does (docs/claude-api.md §1–8).

import type { Extras } from "./extras.ts";
import { fileBytes, wiggleDownload, wiggleList } from "./handlers-files.ts";
import { orgMemory, projectList, projectPart } from "./handlers-projects.ts";
import { boolParam, chatOrg, intParam, Refusal } from "./params.ts";
import type { DetailView } from "./render.ts";
import { type Answer, jsonReply, notFoundReply, type Reply } from "./replies.ts";
import type { Route } from "./route.ts";
import type { ListPageInfo, OrgState } from "./types.ts";
import type { World } from "./world.ts";

export interface HandlerContext {
  world: World;
  extras: Extras;
  v1ListRemoved: boolean;
  // Rows per list page at most, whatever the client asked for.
  maxLimit: number | undefined;
  // API drift: the lists ignore `offset` (as a renamed parameter would be) and answer their first page.
  offsetIgnored: boolean;
  onListPage: ((info: ListPageInfo) => void) | undefined;
}

// The page size the web app asks v2 for, used when `limit` is absent (docs/claude-api.md §3.2).
const V2_DEFAULT_LIMIT = 30;

function pageEnd(offset: number, limit: number | undefined, maxLimit: number | undefined): number {
  return offset + Math.min(limit ?? Number.POSITIVE_INFINITY, maxLimit ?? Number.POSITIVE_INFINITY);
}

// v1: a bare array, newest first; no limit means the whole list (docs/claude-api.md §3.1).
function listV1(org: OrgState, query: URLSearchParams, ctx: HandlerContext): Reply {
  const limit = intParam(query, "limit", 1);
  const offset = ctx.offsetIgnored ? 0 : (intParam(query, "offset", 0) ?? 0);
  // v1 honouring `starred` is INFERRED (docs/claude-api.md §3.1); without it both kinds are listed.
  const starred = boolParam(query, "starred");
  ctx.onListPage?.({ orgUuid: org.uuid, kind: "list_v1", offset, limit, starred });
  const rows = ctx.world.listEntries(org.uuid, starred);
  return jsonReply(200, rows.slice(offset, pageEnd(offset, limit, ctx.maxLimit)));
}

// v2: `{data, has_more}`; starred=true lists only starred chats, anything else only the others (§3.2).
function listV2(org: OrgState, query: URLSearchParams, ctx: HandlerContext): Reply {
  const limit = intParam(query, "limit", 1);
  const offset = ctx.offsetIgnored ? 0 : (intParam(query, "offset", 0) ?? 0);
  const starred = boolParam(query, "starred");
  ctx.onListPage?.({ orgUuid: org.uuid, kind: "list_v2", offset, limit, starred });
  const rows = ctx.world.listEntries(org.uuid, starred ?? false);
  const data = rows.slice(offset, pageEnd(offset, limit ?? V2_DEFAULT_LIMIT, ctx.maxLimit));
  return jsonReply(200, { data, has_more: offset + data.length < rows.length });
}

// One chat; the view follows tree, rendering_mode and render_all_tools (docs/claude-api.md §4.1).
function chatDetail(org: OrgState, chatParam: string, query: URLSearchParams, ctx: HandlerContext): Reply {
  const view: DetailView = {
    tree: boolParam(query, "tree") ?? false,
    renderingMode: query.get("rendering_mode") ?? undefined,
    renderAllTools: boolParam(query, "render_all_tools") ?? false,
  };
  const detail = ctx.world.detail(org.uuid, chatParam.toLowerCase(), view);
  return detail ? jsonReply(200, detail) : notFoundReply("Conversation not found");
}

// Answers an authenticated GET for `route`.
export function handle(route: Route, query: URLSearchParams, ctx: HandlerContext): Answer {
  try {
    switch (route.kind) {
      case "account":
        return jsonReply(200, ctx.world.account());
      case "organizations":
        return jsonReply(200, ctx.world.organizations());
      case "list_v1":
        // The endpoint removed by API drift: the route no longer exists at all.
        if (ctx.v1ListRemoved) return notFoundReply();
        return listV1(chatOrg(ctx.world, route.org), query, ctx);
      case "list_v2":
        return listV2(chatOrg(ctx.world, route.org), query, ctx);
      case "chat":
        return chatDetail(chatOrg(ctx.world, route.org, route.chat), route.chat, query, ctx);
      case "project_list":
        return projectList(ctx.world, ctx.extras, route.org, query);
      case "project":
      case "project_docs":
      case "project_doc":
      case "project_files":
      case "project_syncs":
      case "project_kb_stats":
      case "project_memory":
        return projectPart(ctx.world, ctx.extras, route);
      case "memory":
        return orgMemory(ctx.world, ctx.extras, route.org);
      case "file":
        return fileBytes(ctx.world, ctx.extras, route);
      case "wiggle_list":
        return wiggleList(ctx.world, ctx.extras, route, query);
      case "wiggle_download":
        return wiggleDownload(ctx.world, ctx.extras, route, query);
      case "other":
        return notFoundReply();
    }
  } catch (error) {
    if (error instanceof Refusal) return error.reply;
    throw error;
  }
}
