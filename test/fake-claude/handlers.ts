// The endpoints themselves, with the validation claude.ai's backend does (API.md §1–4, §8.1).

import type { DetailView } from "./render.ts";
import { invalidRequestReply, jsonReply, notFoundReply, orgForbiddenReply, type Reply } from "./replies.ts";
import { isUuid, type Route } from "./route.ts";
import type { ListPageInfo, OrgState } from "./types.ts";
import type { World } from "./world.ts";

export interface HandlerContext {
  world: World;
  v1ListRemoved: boolean;
  // Rows per list page at most, whatever the client asked for.
  maxLimit: number | undefined;
  onListPage: ((info: ListPageInfo) => void) | undefined;
}

// The page size the web app asks v2 for, used when `limit` is absent (API.md §3.2).
const V2_DEFAULT_LIMIT = 30;

// Carries a ready error reply out of nested validation.
class Refusal extends Error {
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(reply.body);
    this.reply = reply;
  }
}

// Integers the way pydantic parses query params: optional sign, digits, a lower bound.
function intParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    throw new Refusal(
      invalidRequestReply(
        `query.${name}: Input should be a valid integer, unable to parse string as an integer`,
      ),
    );
  }
  const value = Number(raw);
  if (value < min) {
    throw new Refusal(invalidRequestReply(`query.${name}: Input should be greater than or equal to ${min}`));
  }
  return value;
}

// Booleans the way pydantic parses them, so both `True` and `true` work (API.md §4.1).
function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const text = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on", "t", "y"].includes(text)) return true;
  if (["false", "0", "no", "off", "f", "n"].includes(text)) return false;
  throw new Refusal(
    invalidRequestReply(`query.${name}: Input should be a valid boolean, unable to interpret input`),
  );
}

// Path params first (400), then membership (404, IX4), then the chat capability (403, IX6).
function chatOrg(world: World, orgParam: string, chatParam?: string): OrgState {
  if (!isUuid(orgParam)) {
    throw new Refusal(invalidRequestReply("path.organization_uuid: Input should be a valid UUID"));
  }
  if (chatParam !== undefined && !isUuid(chatParam)) {
    throw new Refusal(invalidRequestReply("path.conversation_uuid: Input should be a valid UUID"));
  }
  const orgUuid = orgParam.toLowerCase();
  const member = world.membership(orgUuid);
  if (!member) throw new Refusal(notFoundReply("Organization not found"));
  if (!member.organization.capabilities.includes("chat")) throw new Refusal(orgForbiddenReply());
  const org = world.chatOrgs().find((o) => o.uuid === orgUuid);
  if (!org) throw new Refusal(orgForbiddenReply());
  return org;
}

function pageEnd(offset: number, limit: number | undefined, maxLimit: number | undefined): number {
  return offset + Math.min(limit ?? Number.POSITIVE_INFINITY, maxLimit ?? Number.POSITIVE_INFINITY);
}

// v1: a bare array, newest first; no limit means the whole list (API.md §3.1).
function listV1(org: OrgState, query: URLSearchParams, ctx: HandlerContext): Reply {
  const limit = intParam(query, "limit", 1);
  const offset = intParam(query, "offset", 0) ?? 0;
  // v1 honouring `starred` is INFERRED (API.md §3.1); without it both kinds are listed.
  const starred = boolParam(query, "starred");
  ctx.onListPage?.({ orgUuid: org.uuid, kind: "list_v1", offset, limit, starred });
  const rows = ctx.world.listEntries(org.uuid, starred);
  return jsonReply(200, rows.slice(offset, pageEnd(offset, limit, ctx.maxLimit)));
}

// v2: `{data, has_more}`; starred=true lists only starred chats, anything else only the others (§3.2).
function listV2(org: OrgState, query: URLSearchParams, ctx: HandlerContext): Reply {
  const limit = intParam(query, "limit", 1);
  const offset = intParam(query, "offset", 0) ?? 0;
  const starred = boolParam(query, "starred");
  ctx.onListPage?.({ orgUuid: org.uuid, kind: "list_v2", offset, limit, starred });
  const rows = ctx.world.listEntries(org.uuid, starred ?? false);
  const data = rows.slice(offset, pageEnd(offset, limit ?? V2_DEFAULT_LIMIT, ctx.maxLimit));
  return jsonReply(200, { data, has_more: offset + data.length < rows.length });
}

// One chat; the view follows tree, rendering_mode and render_all_tools (API.md §4.1).
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
export function handle(route: Route, query: URLSearchParams, ctx: HandlerContext): Reply {
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
      case "other":
        return notFoundReply();
    }
  } catch (error) {
    if (error instanceof Refusal) return error.reply;
    throw error;
  }
}
