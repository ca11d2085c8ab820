import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { sameEntry } from "./list-walk.ts";
import type { OrgRun, RowsToFetch } from "./org-run.ts";
import type { PendingRows } from "./pending-rows.ts";

// The first batch: one page of a full walk (list-org.ts's MAX_PAGE). An incremental run that finds
// fewer changes than this never hands rows over early, and costs what it did before.
const FIRST_BATCH = 100;

// Chats fetched while their organization's list is still being walked: a first sync of 10,000 chats
// walked its 101 pages (6.6 s) before the first chat was fetched, with five connections idle. A row
// must be in the state file before its chat is fetched (a killed run must not forget it), so rows go
// to the queue in batches, each after a state save that lists them as pending. Batches double (100,
// 200, 400 … rows), so the saves of a 10,000-chat walk write about one final state file's worth of
// rows in all, not one state file per page.
export interface EarlyFetch {
  onRows: RowsToFetch;
  // Once the walk is over: the rows not handed to the queue during it, this very row (they are queued
  // now). What was handed over is then forgotten: 10,000 rows' worth of map for the rest of the run.
  notHandedOver(run: OrgRun, entries: Iterable<ChatEntry>): ChatEntry[];
}

export function createEarlyFetch(deps: {
  pendingRows: PendingRows;
  save: () => Promise<void>; // saves the state, pending rows included (in turn with the other organizations' saves)
  prepare: (run: OrgRun) => Promise<void>; // what the organization needs before its first chat
  enqueue: (run: OrgRun, rows: ChatEntry[]) => void;
}): EarlyFetch {
  const orgs = new Map<string, { waiting: ChatEntry[]; handed: Map<string, ChatEntry> }>();
  return {
    async onRows(run, rows) {
      let org = orgs.get(run.org.uuid);
      if (!org) {
        org = { waiting: [], handed: new Map() };
        orgs.set(run.org.uuid, org);
      }
      org.waiting.push(...rows);
      if (org.waiting.length < Math.max(FIRST_BATCH, org.handed.size)) return;
      const batch = org.waiting;
      org.waiting = [];
      if (org.handed.size === 0) await deps.prepare(run);
      // Rows left by an interrupted run stay pending until this walk is planned (org-run.ts).
      const before = run.state.pending ?? [];
      deps.pendingRows.follow(run.org.uuid, () => [...before, ...run.toFetch.values()]);
      await deps.save();
      for (const entry of batch) org.handed.set(canonicalUuid(entry.uuid), entry);
      deps.enqueue(run, batch);
    },
    notHandedOver(run, entries) {
      const handed = orgs.get(run.org.uuid)?.handed;
      orgs.delete(run.org.uuid);
      return [...entries].filter((entry) => !sameEntry(handed?.get(canonicalUuid(entry.uuid)), entry));
    },
  };
}
