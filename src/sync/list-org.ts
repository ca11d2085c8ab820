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
  // v2 only: chats held as starred that the (whole) starred list no longer has: unstarred, or deleted.
  // Unstarring does not move a chat in the unstarred list, so this is the only way to see it soon.
  unstarred: string[];
}

// Walks an organization's chat list. Uses the v1 list; where it is gone (404, docs/claude-api.md §3), falls back
// to v2, which must be read twice (starred=false and starred=true) because each call returns only one
// kind of chat (docs/claude-api.md §3.2).
export async function listOrganization(
  api: Pick<ClaudeApi, "listPage">,
  orgUuid: string,
  preferred: ListApi,
  isHeldUnchanged: (entry: ChatEntry) => boolean,
  mode: WalkOptions["mode"],
  heldStarred: () => Iterable<string> = () => [],
  onRows?: WalkOptions["onRows"],
): Promise<OrgListing> {
  const options: WalkOptions = {
    mode,
    firstLimit: FIRST_PAGE,
    maxLimit: MAX_PAGE,
    maxRestarts: MAX_RESTARTS,
    what: `the chat list of organization ${orgUuid}`,
    ...(onRows ? { onRows } : {}),
  };
  if (preferred === "v1") {
    try {
      const result = await walkList(
        (offset, limit) => api.listPage(orgUuid, { api: "v1", offset, limit }),
        isHeldUnchanged,
        options,
      );
      return { ...result, api: "v1", unstarred: [] };
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "NOT_FOUND")) throw error;
    }
  }
  const walks: WalkResult[] = [];
  for (const starred of [false, true]) {
    // The starred half is usually short, so it is read whole on every run: starring a chat does not
    // move it to the top of any list, and this way a star (or its removal) shows up in the next sync
    // rather than in the next daily full scan.
    const halfOptions: WalkOptions = starred ? { ...options, mode: "full" } : options;
    walks.push(
      await walkList(
        (offset, limit) => api.listPage(orgUuid, { api: "v2", offset, limit, starred }),
        isHeldUnchanged,
        halfOptions,
      ),
    );
  }
  const [unstarredWalk, starredWalk] = walks;
  const starredNow = new Set(starredWalk?.entries.map((entry) => entry.uuid.toLowerCase()));
  const listedUnstarred = new Set(unstarredWalk?.entries.map((entry) => entry.uuid.toLowerCase()));
  const unstarred =
    starredWalk?.complete && starredWalk.settled
      ? [...heldStarred()].filter((uuid) => !starredNow.has(uuid) && !listedUnstarred.has(uuid))
      : [];
  const entries = new Map<string, ChatEntry>();
  // A chat starred while we walked can be in both lists; the later walk (starred) has the newer row.
  for (const walk of walks) for (const entry of walk.entries) entries.set(entry.uuid, entry);
  return {
    api: "v2",
    entries: [...entries.values()],
    unstarred,
    complete: walks.every((walk) => walk.complete),
    settled: walks.every((walk) => walk.settled),
    pages: walks.reduce((sum, walk) => sum + walk.pages, 0),
  };
}
