import type { ChatMeta } from "./chat-index.ts";

// The chat list's filters, sort and paging, read from a URL's query. Pure, so the page, the JSON
// list API and the tests share one reading of `?q=…&starred=1&offset=100`.

export const SORTS = ["updated", "created", "name"] as const;
export type ListSort = (typeof SORTS)[number];

// Rows per page: enough to fill a tall screen twice, few enough to render in a couple of ms.
export const PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

// One collator for every name sort (Intl.Collator#compare is many times faster than localeCompare).
const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

export interface ListQuery {
  q: string; // words the title must contain, any case
  org: string;
  project: string;
  model: string;
  starred: boolean;
  sort: ListSort;
  offset: number;
  limit: number;
}

export interface ListPage {
  query: ListQuery;
  total: number; // chats that match, over all pages
  items: ChatMeta[];
}

// The query a URL asks for; anything malformed falls back to its default.
export function parseListQuery(params: URLSearchParams): ListQuery {
  const sort = params.get("sort") ?? "";
  return {
    q: (params.get("q") ?? "").trim().slice(0, 200),
    org: (params.get("org") ?? "").toLowerCase(),
    project: (params.get("project") ?? "").toLowerCase(),
    model: params.get("model") ?? "",
    starred: params.get("starred") === "1",
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as ListSort) : "updated",
    offset: boundedInt(params.get("offset"), 0, 0, Number.MAX_SAFE_INTEGER),
    limit: boundedInt(params.get("limit"), PAGE_SIZE, 1, MAX_PAGE_SIZE),
  };
}

// The search string for `query` with some fields changed (links to the next page, a sort, a filter).
export function listSearch(query: ListQuery, change: Partial<ListQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.org) params.set("org", next.org);
  if (next.project) params.set("project", next.project);
  if (next.model) params.set("model", next.model);
  if (next.starred) params.set("starred", "1");
  if (next.sort !== "updated") params.set("sort", next.sort);
  if (next.offset > 0) params.set("offset", String(next.offset));
  if (next.limit !== PAGE_SIZE) params.set("limit", String(next.limit));
  const text = params.toString();
  return text ? `?${text}` : "";
}

// One page of the chats that match `query`, in its order. `chats` is newest first.
export function queryChats(chats: readonly ChatMeta[], query: ListQuery): ListPage {
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = chats.filter(
    (chat) =>
      (!query.org || chat.org.uuid === query.org) &&
      (!query.project || chat.projectUuid === query.project) &&
      (!query.model || chat.model === query.model) &&
      (!query.starred || chat.starred) &&
      (words.length === 0 || hasWords(chat.name.toLowerCase(), words)),
  );
  if (query.sort === "created") matching.sort((a, b) => compare(b.createdAt, a.createdAt));
  if (query.sort === "name") {
    matching.sort((a, b) => collator.compare(a.name, b.name) || compare(b.updatedAt, a.updatedAt));
  }
  return { query, total: matching.length, items: matching.slice(query.offset, query.offset + query.limit) };
}

function hasWords(name: string, words: string[]): boolean {
  return words.every((word) => name.includes(word));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function boundedInt(text: string | null, fallback: number, min: number, max: number): number {
  const value = text === null ? Number.NaN : Number(text);
  return Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
