import type { DatabaseSync } from "node:sqlite";
import { BackupError } from "../core/errors.ts";
import { parseDate } from "../search/dates.ts";
import { findHits, type Hit, type SearchFilters } from "../search/find-hits.ts";
import { ftsMatch, parseQuery } from "../search/query.ts";
import { refreshIndex } from "../search/refresh.ts";

// The search box, on the same index and filters as `claude-backup search`: the index is brought up
// to date (only chats that changed are read) before each query, so a sync running beside the viewer
// is found too. Refreshes run one at a time; a query waits for the one under way.

// What the search page shows: the query as understood, and the hits or why there are none.
export interface SearchResult {
  q: string;
  form: SearchForm;
  hits: Hit[];
  error?: string;
}

// The search form's fields, as given (echoed into the form).
export interface SearchForm {
  org: string;
  project: string;
  sender: string;
  model: string;
  since: string;
  until: string;
  starred: boolean;
  rank: boolean;
}

export interface SearchPort {
  search(params: URLSearchParams): Promise<SearchResult>;
  // Brings the index up to date now (at start, so the first search is quick); never throws.
  warm(): Promise<void>;
}

// Hits a page shows.
const LIMIT = 50;

// A port over the index that `open` opens (once, on first use); `open` may throw (no node:sqlite, a
// folder that cannot hold the index), and the page then says why.
export function createSearchPort(options: {
  root: string;
  open: () => Promise<DatabaseSync>;
  onIndexing?: (changed: number) => void;
}): SearchPort {
  let db: Promise<DatabaseSync> | undefined;
  let refreshing: Promise<unknown> = Promise.resolve();
  const fresh = async (): Promise<DatabaseSync> => {
    db ??= options.open();
    db.catch(() => {
      db = undefined;
    });
    const handle = await db;
    const run = refreshing.then(() => refreshIndex(handle, options.root, options.onIndexing));
    refreshing = run.catch(() => undefined);
    await run;
    return handle;
  };
  return {
    async search(params) {
      const form = formOf(params);
      const q = (params.get("q") ?? "").slice(0, 500);
      const terms = parseQuery(q);
      if (terms.length === 0) return { q, form, hits: [] };
      try {
        const filters = filtersOf(form);
        const handle = await fresh();
        return {
          q,
          form,
          hits: findHits(handle, ftsMatch(terms), filters, { rank: form.rank, limit: LIMIT }),
        };
      } catch (error) {
        if (error instanceof BackupError) return { q, form, hits: [], error: error.message };
        throw error;
      }
    },
    async warm() {
      await fresh().catch(() => undefined);
    },
  };
}

function formOf(params: URLSearchParams): SearchForm {
  const get = (name: string) => (params.get(name) ?? "").trim().slice(0, 100);
  return {
    org: get("org").toLowerCase(),
    project: get("project").toLowerCase(),
    sender: ["human", "assistant"].includes(get("sender")) ? get("sender") : "",
    model: get("model"),
    since: get("since"),
    until: get("until"),
    starred: params.get("starred") === "1",
    rank: params.get("rank") === "1",
  };
}

// The filters of `claude-backup search` (a bad date throws a UsageError, shown on the page).
function filtersOf(form: SearchForm): SearchFilters {
  const filters: SearchFilters = { starred: form.starred };
  if (form.org) filters.orgUuids = [form.org];
  if (form.project) filters.projectUuids = [form.project];
  if (form.sender) filters.sender = form.sender;
  if (form.model) filters.model = form.model;
  if (form.since) filters.sinceMs = parseDate(form.since, "start", "since");
  if (form.until) filters.untilMs = parseDate(form.until, "end", "until");
  return filters;
}
