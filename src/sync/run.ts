import type { ClaudeApi } from "../api/claude-api.ts";
import type { FilesApi } from "../api/files.ts";
import type { ProjectsApi } from "../api/projects.ts";
import { loadState, type SyncState } from "../archive/state.ts";
import { ApiError, BackupError, InterruptedError } from "../core/errors.ts";
import { accountFile, stateDir } from "../core/layout.ts";
import { MAX_NAME_BYTES } from "../core/names.ts";
import type { Organization } from "../core/types.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";
import { probeNameLimit } from "../store/name-limit.ts";
import { saveState } from "../store/state-file.ts";
import { removeStrayTemps } from "../store/stray-temps.ts";
import { createChatQueue } from "./chat-queue.ts";
import { createEarlyFetch } from "./early-fetch.ts";
import { emptySummary, type SyncEvents, type SyncSummary } from "./events.ts";
import { createEverything, type Everything } from "./everything.ts";
import { finalizeOrg, type OrgContext, type OrgRun, prepareOrg, type RowsToFetch } from "./org-run.ts";
import { createPendingRows, type PendingRows } from "./pending-rows.ts";

// A full walk of every list once a day catches what an incremental walk cannot see: chats whose row
// changed without moving to the top (starring), and chats deleted on claude.ai.
export const FULL_SCAN_EVERY_MS = 24 * 60 * 60 * 1000;

export interface SyncOptions {
  root: string;
  api: ClaudeApi;
  connections: number;
  events: SyncEvents;
  signal: AbortSignal; // aborted by Ctrl-C / SIGTERM
  abortRequests: () => void; // stops in-flight requests (the http layer's own signal)
  dryRun?: boolean;
  ignoreCache?: boolean;
  fullScan?: boolean;
  // Files, projects and memory: on when their APIs are given, unless turned off.
  files?: FilesApi;
  projects?: ProjectsApi;
  withFiles?: boolean; // default true (--no-files)
  withProjects?: boolean; // default true (--no-projects)
}

// One backup run: account → organizations → lists → chats, resumable at any point.
export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const summary = emptySummary();
  const { events } = options;
  const context: OrgContext = {
    root: options.root,
    api: options.api,
    events,
    summary,
    now: () => new Date(),
    dryRun: options.dryRun ?? false,
    ignoreCache: options.ignoreCache ?? false,
    forceFullScan: options.fullScan ?? false,
    fullScanEveryMs: FULL_SCAN_EVERY_MS,
    nameLimit: MAX_NAME_BYTES,
  };
  // Everything beside chat text (sync/everything.ts): files, projects, memory. A saved chat's files
  // are fetched in its own task, from what its JSON named as it came in.
  let everything: Everything | undefined;
  const chats = createChatQueue(options.api, context, {
    ...options,
    onChatFetched: (orgUuid, json) => everything?.chatFetched(orgUuid, json),
  });
  if (options.files && options.projects && !context.dryRun) {
    everything = createEverything({
      queue: chats.queue,
      files: options.files,
      projects: options.projects,
      context,
      withFiles: options.withFiles ?? true,
      withProjects: options.withProjects ?? true,
    });
  }
  // Ctrl-C may have come already (during start-up), and an abort event never fires for a late listener.
  const interrupted = () => chats.stop(new InterruptedError());
  if (options.signal.aborted) interrupted();
  else options.signal.addEventListener("abort", interrupted, { once: true });

  let account: Awaited<ReturnType<ClaudeApi["account"]>>;
  try {
    account = await context.api.account();
  } catch (error) {
    throw chats.fatal ?? error; // the request we aborted for Ctrl-C fails with an AbortError: say "interrupted"
  }
  if (chats.fatal) throw chats.fatal;
  events.accountRead({
    organizations: account.organizations.length,
    chatOrganizations: account.organizations.filter((org) => org.capabilities.includes("chat")).length,
  });
  if (!context.dryRun) {
    // Temp files of a killed run; those of organization folders are removed when each is prepared.
    await removeStrayTemps(options.root);
    await removeStrayTemps(stateDir(options.root));
    await writeFileAtomic(accountFile(options.root), account.body);
    context.nameLimit = await probeNameLimit(options.root);
  }
  const state: SyncState = await loadState(options.root, (m) => events.warn(m));
  const prepared = new Map<string, OrgRun>();
  // Saves of the state file take turns: two organizations saving at once must not let the older
  // snapshot's rename land last (it would forget the other's rows left to fetch).
  let saving: Promise<void> = Promise.resolve();
  const pendingRows = createPendingRows(state);
  const saveInTurn = (): Promise<void> => {
    saving = saving.catch(() => {}).then(() => saveState(options.root, pendingRows.toSave()));
    return saving;
  };
  // Every organization's list is walked at once (within the same connection cap and spacing), and its
  // chats are queued as soon as its list is walked: one organization's walk never waits for another's,
  // nor for the chats queued before it.
  // An organization's files and projects are prepared once, before its first chat is saved.
  const extrasReady = new Map<string, Promise<void>>();
  const prepareExtras = (run: OrgRun): Promise<void> => {
    let ready = extrasReady.get(run.org.uuid);
    if (!ready) {
      ready = everything?.prepareOrg(run) ?? Promise.resolve();
      extrasReady.set(run.org.uuid, ready);
    }
    return ready;
  };
  // Chats are fetched while their list is still being walked (sync/early-fetch.ts).
  const early = createEarlyFetch({
    pendingRows,
    save: saveInTurn,
    prepare: prepareExtras,
    enqueue: (run, rows) => chats.enqueue(run, rows),
  });
  const prepareAndQueue = async (org: Organization): Promise<void> => {
    if (chats.fatal) return;
    const run = await prepareChatOrg(context, org, state, early.onRows);
    if (!run || chats.fatal) return;
    prepared.set(org.uuid, run);
    if (context.dryRun) return;
    // Remember the work before doing it: a run killed from here on still knows what was left.
    state.orgs[org.uuid] = run.state;
    pendingRows.follow(org.uuid, () => [...run.toFetch.values()]);
    await saveInTurn();
    await prepareExtras(run);
    chats.enqueue(run, early.notHandedOver(run, run.toFetch.values()));
    everything?.enqueueOrg(run);
    run.early.clear(); // only the walk and the queuing above ask it; a row per chat for the whole run
  };
  // The first organization that fails stops the run at once, the others' walks included (stop()
  // aborts their requests), as one failing walk did when they ran one after another.
  await Promise.all(
    account.organizations.map((org) => prepareAndQueue(org).catch((error: unknown) => chats.stop(error))),
  );
  await chats.idle();
  // In the account's order, whatever order their walks ended in.
  const runs = account.organizations.flatMap((org) => prepared.get(org.uuid) ?? []);
  const extrasError = await everything?.finalize(runs);
  const fatal = context.dryRun
    ? chats.fatal
    : await finalizeAll(runs, state, pendingRows, context, chats.fatal ?? extrasError);
  if (context.dryRun) for (const run of runs) summary.left += run.toFetch.size;
  if (fatal) throw fatal instanceof BackupError ? withLeft(fatal, summary) : fatal;
  return summary;
}

// Lists one organization, or skips it (no chat capability, or claude.ai refuses it: counted as failed).
async function prepareChatOrg(
  context: OrgContext,
  org: Organization,
  state: SyncState,
  onRowsToFetch: RowsToFetch,
): Promise<OrgRun | undefined> {
  if (!org.capabilities.includes("chat")) {
    context.events.orgSkipped(org, "it has no chat capability (an API-only organization)");
    return undefined;
  }
  try {
    const run = await prepareOrg(context, org, state.orgs[org.uuid] ?? {}, onRowsToFetch);
    context.summary.organizations++;
    return run;
  } catch (error) {
    if (error instanceof ApiError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND")) {
      context.events.orgSkipped(org, error.message);
      context.summary.failed++;
      return undefined;
    }
    throw error;
  }
}

// Writes every organization's list file and the state, also after an error. Every organization is
// finalized even when one fails (a full disk may refuse a list file and take the next, smaller one),
// and the first error stays the one reported: the chat write that hit the full disk, not the list file
// that could not be saved after it. Returns that first error.
async function finalizeAll(
  runs: OrgRun[],
  state: SyncState,
  pendingRows: PendingRows,
  context: OrgContext,
  fatal: unknown,
): Promise<unknown> {
  let first = fatal;
  for (const run of runs) {
    try {
      await finalizeOrg(run, context);
      state.orgs[run.org.uuid] = run.state;
      pendingRows.stop(run.org.uuid);
    } catch (error) {
      first ??= error;
    }
  }
  if (runs.length > 0) {
    await saveState(context.root, pendingRows.toSave()).catch((error: unknown) => {
      first ??= error;
    });
  }
  return first;
}

// Carries the run's tally on a fatal error, so the CLI can still say what was saved and what is left.
function withLeft(error: BackupError, summary: SyncSummary): BackupError {
  (error as BackupError & { summary?: SyncSummary }).summary = summary;
  return error;
}
