import type { ListPage } from "../api/claude-api.ts";
import { ApiError } from "../core/errors.ts";
import type { ChatEntry } from "../core/types.ts";

// Pages in a row that bring no row not read before, after which a walk gives up on the list. Mending a
// boundary steps back one page at a time, so even 100 × 100 chats deleted mid-walk stay under it; a
// server that ignores the offset (and answers the same page forever) reaches it after 100 requests
// instead of asking forever.
const MAX_PAGES_WITHOUT_NEW_ROWS = 100;

// Fetches one page of a chat list (newest-updated first).
export type FetchPage = (offset: number, limit: number) => Promise<ListPage>;

export interface WalkOptions {
  // "incremental" stops at the first row we already hold unchanged; "full" reads the whole list.
  mode: "incremental" | "full";
  firstLimit: number; // the first page is small: a run with no changes costs one small request
  maxLimit: number; // pages then double up to this size
  maxRestarts: number; // how often a walk may start over because the list shifted under it
  what?: string; // the list, as errors name it ("chat list of organization …")
  // Hears each page's rows not read before in its walk, in list order, before the next page is asked
  // for: a sync fetches chats while the rest of the list is still being walked.
  onRows?: (rows: ChatEntry[]) => Promise<void>;
}

export interface WalkResult {
  entries: ChatEntry[]; // every row read (newest version per uuid), in list order, minus the stop row
  complete: boolean; // the walk reached the end of the list (so it saw every chat)
  settled: boolean; // false when the list kept shifting and we gave up restarting
  pages: number;
}

// Walks an offset-paged list that can shift while we read it (docs/claude-api.md §3.1: no cursor, no snapshot).
//
// Consecutive pages overlap by one row: the first row of a page must be the last row of the page
// before. If it is not, the list moved under us:
// - a row we already saw comes again: chats moved to the top (or were created) above our position.
//   Nothing below was skipped, so a second walk from the top may stop at the first row that we either
//   hold or already read unchanged in this run.
// - an unseen row comes instead: rows above us disappeared (deleted chats), so a row may have slipped
//   past the page boundary unseen. The next walk from the top only stops at rows we held before the run.
// Restarts are cheap: only the changed top of the list is read again.
export async function walkList(
  fetchPage: FetchPage,
  isHeldUnchanged: (entry: ChatEntry) => boolean,
  options: WalkOptions,
): Promise<WalkResult> {
  const seen = new Map<string, ChatEntry>();
  let pages = 0;
  let trustSeen = false;
  let complete: boolean | undefined;
  for (let walk = 0; walk <= options.maxRestarts; walk++) {
    const stopAt = (entry: ChatEntry): boolean =>
      isHeldUnchanged(entry) || (trustSeen && sameEntry(seen.get(entry.uuid), entry));
    // Only the first walk of a full scan reads to the end. It mends rows that slid past a page boundary
    // on the spot (walkOnce), so what is left after it is the changed top of the list: later walks stop
    // at the first row this run already read unchanged, instead of reading the whole list again.
    const full = options.mode === "full" && walk === 0;
    const result = await walkOnce(fetchPage, full ? () => false : stopAt, {
      ...options,
      mode: full ? "full" : "incremental",
    });
    pages += result.pages;
    complete ??= result.complete;
    for (const entry of result.entries) seen.set(entry.uuid, entry);
    if (result.shift === "none") {
      // Keep the order of the list as last read: this walk's rows first, then earlier walks' rows.
      const ordered = new Map(result.entries.map((entry) => [entry.uuid, entry]));
      for (const [uuid, entry] of seen) if (!ordered.has(uuid)) ordered.set(uuid, entry);
      return { entries: [...ordered.values()], complete, settled: true, pages };
    }
    trustSeen = options.mode === "full" || result.shift === "down";
  }
  return { entries: [...seen.values()], complete: false, settled: false, pages };
}

interface SingleWalk {
  entries: ChatEntry[];
  complete: boolean;
  shift: "none" | "down" | "up";
  pages: number;
}

async function walkOnce(
  fetchPage: FetchPage,
  stopAt: (entry: ChatEntry) => boolean,
  options: WalkOptions,
): Promise<SingleWalk> {
  const entries: ChatEntry[] = [];
  const uuids = new Set<string>();
  let shift: SingleWalk["shift"] = "none";
  let offset = 0;
  let limit = options.mode === "full" ? options.maxLimit : options.firstLimit;
  let overlap: string | undefined;
  let pages = 0;
  let mending = false;
  let pagesWithoutNewRows = 0;
  for (;;) {
    if (pagesWithoutNewRows >= MAX_PAGES_WITHOUT_NEW_ROWS) {
      throw new ApiError(
        "BAD_RESPONSE",
        `${options.what ?? "the chat list"} answered ${pagesWithoutNewRows} pages in a row without a chat not seen before (at offset ${offset}): its paging may have changed; run again later, and report it if it persists`,
      );
    }
    const page = await fetchPage(offset, limit);
    pages++;
    pagesWithoutNewRows++;
    let rows = page.entries;
    if (mending && offset > 0 && !(rows[0] && uuids.has(rows[0].uuid))) {
      // Even the page before holds none of the rows read: more rows vanished; step back further.
      offset = Math.max(0, offset - limit);
      continue;
    }
    if (overlap !== undefined) {
      const first = rows[0];
      if (first?.uuid === overlap) rows = rows.slice(1);
      else if (first && uuids.has(first.uuid)) shift = worse(shift, "down");
      else if (options.mode === "full") {
        // Rows above us vanished, so the rows at the page boundary slid up past it unseen. A full scan
        // reads the page before again (rows already read are skipped) rather than the whole list.
        offset = Math.max(0, offset - limit);
        overlap = undefined;
        mending = true;
        continue;
      } else shift = worse(shift, "up");
    }
    const fresh = entries.length;
    let stopped = false;
    for (const row of rows) {
      if (uuids.has(row.uuid)) {
        if (!mending) shift = worse(shift, "down");
        continue;
      }
      if (options.mode === "incremental" && stopAt(row)) {
        stopped = true;
        break;
      }
      entries.push(row);
      uuids.add(row.uuid);
    }
    if (entries.length > fresh) {
      pagesWithoutNewRows = 0;
      await options.onRows?.(entries.slice(fresh));
    }
    if (stopped) return { entries, complete: false, shift, pages };
    const last = page.entries.at(-1);
    const ended = page.hasMore === undefined ? rows.length === 0 : !page.hasMore;
    if (ended || !last) return { entries, complete: true, shift, pages };
    // Re-read the last row as the first of the next page, to notice the list moving (see above); not
    // when it is the page's only row, as the next page would start where this one did. Moving past it
    // means the next page is not expected to begin with it: an empty page then is the end of the list,
    // not rows vanished above us (which sent a full scan of a one-chat list back to offset 0 forever).
    mending = false;
    const rereadLast = rows.length > 0 && page.entries.length > 1;
    offset += rereadLast ? page.entries.length - 1 : page.entries.length;
    overlap = rereadLast ? last.uuid : undefined;
    limit = Math.min(options.maxLimit, limit * 2);
  }
}

function worse(a: SingleWalk["shift"], b: SingleWalk["shift"]): SingleWalk["shift"] {
  return a === "up" || b === "up" ? "up" : a === "down" || b === "down" ? "down" : "none";
}

// Two list rows are the same when their JSON is identical (the list's key order is stable). One row
// object is the same as itself without two stringifications: the end of a 10,000-chat walk compares
// every row handed over early with itself, and made 10 MB of garbage doing so.
export function sameEntry(a: ChatEntry | undefined, b: ChatEntry | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
