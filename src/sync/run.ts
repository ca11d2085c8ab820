import PQueue from "p-queue";
import type { ClaudeApi } from "../api/claude-api.ts";
import { ApiError, BackupError, InterruptedError } from "../errors.ts";
import { writeFileAtomic } from "../store/atomic-write.ts";
import { accountFile, stateDir } from "../store/layout.ts";
import { probeNameLimit } from "../store/name-limit.ts";
import { MAX_NAME_BYTES } from "../store/names.ts";
import { removeStrayTemps } from "../store/stray-temps.ts";
import { fetchAndSaveChat } from "./chat-task.ts";
import { emptySummary, type SyncEvents, type SyncSummary } from "./events.ts";
import { finalizeOrg, type OrgContext, type OrgRun, prepareOrg } from "./org-run.ts";
import { loadState, type SyncState, saveState } from "./state.ts";

// A full walk of every list once a day catches what an incremental walk cannot see: chats whose row
// changed without moving to the top (starring), and chats deleted on claude.ai.
export const FULL_SCAN_EVERY_MS = 24 * 60 * 60 * 1000;
// After this many chats in a row failed (each after all its retries), the server is refusing: stop.
export const MAX_FAILURES_IN_A_ROW = 3;
// Chats worked on at once beyond --connections. At most --connections chats are fetched (or wait to
// retry) at a time; the extra one is written to disk (with fsync) meanwhile, so no connection idles
// while its chat is saved (bench/RESULTS.md: 94 → 108 chats/s of an ideal 120).
export const EXTRA_CHAT_TASKS = 1;

export interface SyncOptions {
  root: string;
  api: ClaudeApi;
  connections: number;
  events: SyncEvents;
  signal: AbortSignal; // aborted by Ctrl-C / SIGTERM
  abortRequests: () => void; // stops in-flight requests (the http layer's own signal)
  now?: () => Date;
  dryRun?: boolean;
  ignoreCache?: boolean;
  fullScan?: boolean;
  fullScanEveryMs?: number;
}

// One backup run: account → organizations → lists → chats, resumable at any point.
export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const summary = emptySummary();
  const { events } = options;
  const fetches = new PQueue({ concurrency: options.connections });
  const api = fetchLimited(options.api, fetches);
  const context: OrgContext = {
    root: options.root,
    api,
    events,
    summary,
    now: options.now ?? (() => new Date()),
    dryRun: options.dryRun ?? false,
    ignoreCache: options.ignoreCache ?? false,
    forceFullScan: options.fullScan ?? false,
    fullScanEveryMs: options.fullScanEveryMs ?? FULL_SCAN_EVERY_MS,
    nameLimit: MAX_NAME_BYTES,
  };
  const queue = new PQueue({ concurrency: options.connections + EXTRA_CHAT_TASKS });
  const runs: OrgRun[] = [];
  let fatal: unknown;
  let failuresInARow = 0;
  let feeding: Promise<void> = Promise.resolve();
  const stop = (error: unknown) => {
    fatal ??= error;
    queue.clear();
    fetches.clear();
    options.abortRequests();
  };
  // Ctrl-C may have come already (during start-up), and an abort event never fires for a late listener.
  const interrupted = () => stop(new InterruptedError());
  if (options.signal.aborted) interrupted();
  else options.signal.addEventListener("abort", interrupted, { once: true });

  let account: Awaited<ReturnType<ClaudeApi["account"]>>;
  try {
    account = await api.account();
  } catch (error) {
    throw fatal ?? error; // the request we aborted for Ctrl-C fails with an AbortError: say "interrupted"
  }
  if (fatal) throw fatal;
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

  try {
    for (const org of account.organizations) {
      if (fatal) break;
      if (!org.capabilities.includes("chat")) {
        events.orgSkipped(org, "it has no chat capability (an API-only organization)");
        continue;
      }
      let run: OrgRun;
      try {
        run = await prepareOrg(context, org, state.orgs[org.uuid] ?? {});
      } catch (error) {
        if (error instanceof ApiError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND")) {
          events.orgSkipped(org, error.message);
          summary.failed++;
          continue;
        }
        throw error;
      }
      summary.organizations++;
      runs.push(run);
      if (context.dryRun) continue;
      // Remember the work before doing it: a run killed from here on still knows what was left.
      state.orgs[org.uuid] = { ...run.state, pending: [...run.toFetch.values()] };
      await saveState(options.root, state);
      // Chats are handed to the queue as it drains, in the same order (organization by organization),
      // not all queued up front: a task queued up front is old enough to sit in V8's old space when it
      // runs, and while dead there it kept its chat's body and parsed JSON alive through young-generation
      // GCs until the next full GC. That promoted ~16 KB per chat and made V8 grow the young generation
      // to 64 MB: 231 → 165 MB peak RSS for 3 × 1000 chats (bench/RESULTS.md).
      const entries = [...run.toFetch.values()];
      feeding = feeding.then(async () => {
        for (const entry of entries) {
          await queue.onSizeLessThan(1);
          if (fatal) return;
          queue.add(async () => {
            if (fatal) return;
            try {
              const outcome = await fetchAndSaveChat(run, entry, context);
              failuresInARow = 0;
              events.chatSaved(org, entry, outcome);
            } catch (error) {
              if (fatal) return; // an abort we caused: the chat stays on the to-do list
              if (error instanceof ApiError && error.code === "NOT_FOUND") {
                run.toFetch.delete(entry.uuid); // deleted between list and fetch: what we hold is kept
                events.chatGone(org, entry);
                return;
              }
              if (error instanceof ApiError) {
                summary.failed++;
                events.chatFailed(org, entry, error);
                if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) stop(refusing(error));
                return;
              }
              stop(error);
            }
          });
        }
      });
    }
    await feeding;
    await queue.onIdle();
  } catch (error) {
    stop(error);
    await feeding; // it stops at the fatal error: stop() wakes it
    await queue.onIdle();
  } finally {
    if (!context.dryRun) {
      // Every organization is finalized even when one fails (a full disk may refuse a list file and
      // take the next, smaller one), and the first error stays the one reported: the chat write that
      // hit the full disk, not the list file that could not be saved after it.
      for (const run of runs) {
        try {
          await finalizeOrg(run, context);
          state.orgs[run.org.uuid] = run.state;
        } catch (error) {
          fatal ??= error;
        }
      }
      if (runs.length > 0) {
        await saveState(options.root, state).catch((error: unknown) => {
          fatal ??= error;
        });
      }
    } else {
      for (const run of runs) summary.left += run.toFetch.size;
    }
  }
  if (fatal) throw fatal instanceof BackupError ? withLeft(fatal, summary) : fatal;
  return summary;
}

// Chat requests wait for one of `fetches`' slots, whatever the number of chat tasks.
function fetchLimited(api: ClaudeApi, fetches: PQueue): ClaudeApi {
  return {
    account: () => api.account(),
    listPage: (orgUuid, query) => api.listPage(orgUuid, query),
    conversation: (orgUuid, chatUuid) => fetches.add(() => api.conversation(orgUuid, chatUuid)),
  };
}

function refusing(last: ApiError): ApiError {
  return new ApiError(
    "SERVER_UNAVAILABLE",
    `claude.ai keeps refusing (${MAX_FAILURES_IN_A_ROW} chats in a row failed after all retries; last: ${last.message}); stopped early, everything saved so far is kept`,
    { cause: last },
  );
}

// Carries the run's tally on a fatal error, so the CLI can still say what was saved and what is left.
function withLeft(error: BackupError, summary: SyncSummary): BackupError {
  (error as BackupError & { summary?: SyncSummary }).summary = summary;
  return error;
}
