import type { ListingApi } from "../api/claude-api.ts";
import { type Held, HeldChat, heldRowOf, loadHeld } from "../archive/held.ts";
import { journalRows } from "../archive/journal.ts";
import { gatherListRows, type StoredRow } from "../archive/list-file.ts";
import type { OrgState } from "../archive/state.ts";
import { chatFilesDirOf, chatsDirOf, journalFile, listFileOf } from "../core/layout.ts";
import type { ChatEntry, Organization } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { removeChatFiles, renameChatFile } from "../store/chat-files.ts";
import { type LinkFolders, linkFoldersIn } from "../store/file-links.ts";
import { appendJournal, clearJournal } from "../store/journal.ts";
import { foldListFile } from "../store/list-file.ts";
import { resolveOrgDir } from "../store/org-dir.ts";
import { removeStrayTemps } from "../store/stray-temps.ts";
import { decide, fileNameFor } from "./decide.ts";
import type { SaveOutcome, SyncEvents, SyncSummary } from "./events.ts";
import { listOrganization } from "./list-org.ts";
import { sameEntry } from "./list-walk.ts";
import { planOrg } from "./plan.ts";

// Everything a sync knows about one organization while it runs.
export interface OrgRun {
  org: Organization;
  state: OrgState;
  dir: string;
  chatsDir: string;
  journal: string;
  held: Map<string, Held>;
  toFetch: Map<string, ChatEntry>; // by lower-case uuid: rows whose chats must be fetched; removed once saved
  // When the walk covered the whole list: the chats held, to fetch or recorded as deleted that it did
  // not have (deleted on claude.ai). Not the set of every uuid listed: that was one more 10,000-entry
  // table for the whole run, where this one is usually empty.
  unlisted: Set<string> | undefined;
  fullScan: boolean;
  touched: number; // chats saved or renamed in this run
  chatLinkFolders: LinkFolders; // `chat_files/`, listed once for the run
  early: Map<string, ChatEntry>; // by lower-case uuid: rows handed to `onRowsToFetch` during the walk (emptied once queued)
}

// Hears rows to fetch while the list is still being walked. Their rows are in `run.toFetch` (and
// `run.early`) already; the listener must get them into the state file before any is fetched.
export type RowsToFetch = (run: OrgRun, rows: ChatEntry[]) => Promise<void>;

export interface OrgContext {
  root: string;
  api: ListingApi;
  events: SyncEvents;
  summary: SyncSummary;
  now: () => Date;
  dryRun: boolean;
  ignoreCache: boolean;
  forceFullScan: boolean;
  fullScanEveryMs: number;
  nameLimit: number; // the longest file name the backup folder accepts (store/name-limit.ts)
}

// Lists one organization's chats and decides what to fetch. Local renames are done here, since they
// need no request. The rows to fetch are then remembered in the state (by the caller) before any is
// fetched, so an interrupted run cannot forget them. With `onRowsToFetch`, each page's rows to fetch
// are handed over as the page comes in (sync/early-fetch.ts), so chats are fetched while the rest of
// the list is walked; the rows it was given that are still to fetch stay in `run.toFetch`.
export async function prepareOrg(
  context: OrgContext,
  org: Organization,
  state: OrgState,
  onRowsToFetch?: RowsToFetch,
): Promise<OrgRun> {
  const { events } = context;
  const warn = (message: string) => events.warn(message);
  const dir = await resolveOrgDir(context.root, org, {
    create: !context.dryRun,
    warn,
    nameLimit: context.nameLimit,
  });
  if (!context.dryRun) {
    // Temp files of a killed run (the lock says no other run is writing them; a dry run has no lock).
    await removeStrayTemps(dir);
    await removeStrayTemps(chatsDirOf(dir));
  }
  const journal = journalFile(context.root, org.uuid);
  const held = await loadHeld(dir, journal, { ignoreCache: context.ignoreCache, warn });
  const fullScan = context.ignoreCache || context.forceFullScan || isFullScanDue(state, context);
  const run: OrgRun = {
    org,
    state: { ...state },
    dir,
    chatsDir: chatsDirOf(dir),
    journal,
    held,
    toFetch: new Map(),
    unlisted: undefined,
    fullScan,
    touched: 0,
    chatLinkFolders: linkFoldersIn(chatFilesDirOf(dir)),
    early: new Map(),
  };
  const toFetchNow = async (rows: ChatEntry[]): Promise<void> => {
    const fresh: ChatEntry[] = [];
    for (const entry of rows) {
      const key = canonicalUuid(entry.uuid);
      if (sameEntry(run.early.get(key), entry)) continue; // read again after the list moved
      if (decide(entry, held.get(key), context.nameLimit) !== "fetch") continue;
      run.early.set(key, entry);
      run.toFetch.set(key, entry);
      fresh.push(entry);
    }
    if (fresh.length > 0 && onRowsToFetch) await onRowsToFetch(run, fresh);
  };
  const listing = await listOrganization(
    context.api,
    org.uuid,
    state.listApi ?? "v1",
    // Where to stop is judged by what was held before the run: a walk that starts over may only stop
    // at such a row (list-walk.ts), and chats saved during the walk are all in `run.early`.
    (entry) => {
      const key = canonicalUuid(entry.uuid);
      return !run.early.has(key) && decide(entry, held.get(key), context.nameLimit) !== "fetch";
    },
    fullScan ? "full" : "incremental",
    () => heldStarred(held),
    onRowsToFetch && !context.dryRun ? toFetchNow : undefined,
  );
  // The rows left by an interrupted run are planned below; from here on the to-do list says what is
  // pending (sync/pending-rows.ts).
  const { pending: _planned, ...rest } = state;
  run.state = { ...rest, listApi: listing.api };
  run.fullScan = fullScan && listing.complete && listing.settled;
  // Rows left over from an interrupted run first, then this walk's newer rows replace them.
  const rows = [
    ...(context.ignoreCache ? [] : (state.pending ?? [])),
    ...listing.entries,
    ...(await unstarredRows(listing.unstarred, dir, journal)),
  ];
  const plan = planOrg(rows, held, context.nameLimit);
  // Rows handed over during the walk and saved since are held unchanged now, so not planned again.
  const savedEarly = [...run.early.keys()].filter((key) => !plan.fetch.has(key)).length;
  run.toFetch = plan.fetch;
  // Every chat that can be in `held` by the end of the run is held or to fetch now.
  run.unlisted =
    listing.complete && listing.settled
      ? unlistedOf(listing.entries, [held.keys(), plan.fetch.keys(), state.deleted ?? []])
      : undefined;
  if (context.dryRun) {
    for (const entry of plan.rename) events.chatPlanned(org, entry, "rename");
    for (const entry of plan.fetch.values()) events.chatPlanned(org, entry, "fetch");
  } else {
    for (const entry of plan.rename) await renameLocally(run, entry, context);
    for (const entry of plan.adopt) await adoptRow(run, entry);
  }
  context.summary.listed += listing.entries.length;
  events.orgListed(org, {
    listed: listing.entries.length,
    toFetch: run.toFetch.size + savedEarly,
    fullScan: run.fullScan,
    api: listing.api,
  });
  if (!listing.settled) {
    events.warn(
      `the chat list of ${org.name || org.uuid} kept changing while it was read; the next run checks it again`,
    );
  }
  return run;
}

// The uuids of chats held with a starred list row.
function* heldStarred(held: Map<string, Held>): Iterable<string> {
  for (const [uuid, chat] of held) if (chat.row?.starred === true) yield uuid;
}

// Chats the whole starred list no longer has, though we hold them as starred: they were unstarred (or
// deleted). Their row is the held one with the star taken off, so the chat is fetched again now (a
// deleted one answers 404 and its copy is kept); the next full scan puts claude.ai's own row in place.
// The held rows are read back from the list file and the journal (the later one wins, as when the
// run began); there are few of these, and usually none.
async function unstarredRows(uuids: readonly string[], dir: string, journal: string): Promise<ChatEntry[]> {
  if (uuids.length === 0) return [];
  const wanted = new Set(uuids);
  const rows = new Map<string, ChatEntry>();
  const take = (row: ChatEntry) => rows.set(canonicalUuid(row.uuid), { ...row, is_starred: false });
  const isWanted = ({ row }: StoredRow) => (wanted.has(canonicalUuid(row.uuid)) ? row : undefined);
  for (const row of await gatherListRows(listFileOf(dir), isWanted)) take(row);
  for await (const stored of journalRows(journal)) if (isWanted(stored)) take(stored.row);
  return [...rows.values()];
}

// The uuids among `candidates` that no row of the whole list has.
function unlistedOf(entries: readonly ChatEntry[], candidates: Iterable<string>[]): Set<string> {
  const listed = new Set(entries.map((entry) => canonicalUuid(entry.uuid)));
  const unlisted = new Set<string>();
  for (const uuids of candidates) for (const uuid of uuids) if (!listed.has(uuid)) unlisted.add(uuid);
  return unlisted;
}

function isFullScanDue(state: OrgState, context: OrgContext): boolean {
  if (!state.lastFullScan) return true;
  return context.now().getTime() - Date.parse(state.lastFullScan) >= context.fullScanEveryMs;
}

async function renameLocally(run: OrgRun, entry: ChatEntry, context: OrgContext): Promise<void> {
  const chat = run.held.get(canonicalUuid(entry.uuid));
  if (!chat) return;
  const fileName = fileNameFor(entry, context.nameLimit);
  await renameChatFile(run.chatsDir, fileName, chat.files);
  await recordSaved(run, entry, fileName, "renamed", context);
  context.events.chatRenamedLocally(run.org, entry);
}

// The bookkeeping once a chat's file is in place under `fileName` (fetched, or renamed locally). Order
// matters for resuming: the file first, then the journal line, then it leaves the to-do list. A chat
// fetched by the run passes `folderToSync`, the folder whose entry for the file is not synced yet: it
// is synced with the journal line, and the line waits to share that sync with other chats' lines.
export async function recordSaved(
  run: OrgRun,
  entry: ChatEntry,
  fileName: string,
  outcome: SaveOutcome,
  context: OrgContext,
  batched?: { folderToSync: string },
): Promise<void> {
  const key = canonicalUuid(entry.uuid);
  // What the backup held of it before (its old files, facts read from them) is done with.
  run.held.set(key, new HeldChat(key, heldRowOf(entry), fileName));
  await appendJournal(run.journal, entry, batched ? { folder: batched.folderToSync, gather: true } : {});
  run.toFetch.delete(key);
  run.touched++;
  context.summary[outcome]++;
}

// A chat held unchanged but known only from its file (a folder of the original tool): remember its row.
async function adoptRow(run: OrgRun, entry: ChatEntry): Promise<void> {
  const chat = run.held.get(canonicalUuid(entry.uuid));
  if (!chat || chat.row) return;
  chat.row = heldRowOf(entry);
  await appendJournal(run.journal, entry);
}

// Writes what the run learned: the list file (journal folded in), the remaining work and the
// deletions seen. Safe to call after an error or an interruption.
export async function finalizeOrg(run: OrgRun, context: OrgContext): Promise<void> {
  if (context.ignoreCache) await dropDeleted(run);
  let listed = 0; // chats the list file will have
  let deleted = 0;
  const deletedUuids = new Set(run.state.deleted ?? []);
  for (const [uuid, chat] of run.held) {
    if (!chat.row || chat.files.length === 0) continue;
    if (run.unlisted?.has(uuid)) {
      if (!deletedUuids.has(uuid)) deleted++;
      deletedUuids.add(uuid);
    }
    listed++;
  }
  if (run.unlisted) for (const uuid of deletedUuids) if (!run.unlisted.has(uuid)) deletedUuids.delete(uuid);
  context.summary.deleted += deleted;
  context.summary.unchanged += Math.max(0, listed - run.touched - deletedUuids.size);
  context.summary.left += run.toFetch.size;
  await foldListFile(listFileOf(run.dir), run.journal, run.held);
  await clearJournal(run.journal);
  run.state = {
    ...run.state,
    pending: [...run.toFetch.values()],
    deleted: [...deletedUuids],
    ...(run.fullScan ? { lastFullScan: context.now().toISOString() } : {}),
  };
}

// --ignore-cache starts from scratch: once claude.ai's whole list is saved without a failure, the
// local copies of chats deleted there are removed too (the original tool's semantics).
async function dropDeleted(run: OrgRun): Promise<void> {
  if (!run.unlisted || run.toFetch.size > 0) return;
  for (const [uuid, chat] of run.held) {
    if (!run.unlisted.has(uuid)) continue;
    await removeChatFiles(run.chatsDir, chat.files);
    run.held.delete(uuid);
  }
}
