import type { ClaudeApi } from "../api/claude-api.ts";
import { ApiError } from "../core/errors.ts";
import type { ChatEntry, ListApi } from "../core/types.ts";
import { type WalkOptions, type WalkResult, walkList } from "./list-walk.ts";

// Page sizes: a small first page (a run with no changes costs one small request), growing to 100.
export const FIRST_PAGE = 20;
export const MAX_PAGE = 100;
// How often a walk may start over because chats moved while we paged.
export const MAX_RESTARTS = 4;

export interface OrgListing extends WalkResult {
  api: ListApi;
}

// Walks an organization's chat list. Uses the v1 list; where it is gone (404, docs/claude-api.md §3), falls back
// to v2, which must be read twice (starred=false and starred=true) because each call returns only one
// kind of chat (docs/claude-api.md §3.2).
export async function listOrganization(
  api: ClaudeApi,
  orgUuid: string,
  preferred: ListApi,
  isHeldUnchanged: (entry: ChatEntry) => boolean,
  mode: WalkOptions["mode"],
): Promise<OrgListing> {
  const options: WalkOptions = {
    mode,
    firstLimit: FIRST_PAGE,
    maxLimit: MAX_PAGE,
    maxRestarts: MAX_RESTARTS,
  };
  if (preferred === "v1") {
    try {
      const result = await walkList(
        (offset, limit) => api.listPage(orgUuid, { api: "v1", offset, limit }),
        isHeldUnchanged,
        options,
      );
      return { ...result, api: "v1" };
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "NOT_FOUND")) throw error;
    }
  }
  const walks: WalkResult[] = [];
  for (const starred of [false, true]) {
    walks.push(
      await walkList(
        (offset, limit) => api.listPage(orgUuid, { api: "v2", offset, limit, starred }),
        isHeldUnchanged,
        options,
      ),
    );
  }
  const entries = new Map<string, ChatEntry>();
  // A chat starred while we walked can be in both lists; the later walk (starred) has the newer row.
  for (const walk of walks) for (const entry of walk.entries) entries.set(entry.uuid, entry);
  return {
    api: "v2",
    entries: [...entries.values()],
    complete: walks.every((walk) => walk.complete),
    settled: walks.every((walk) => walk.settled),
    pages: walks.reduce((sum, walk) => sum + walk.pages, 0),
  };
}
