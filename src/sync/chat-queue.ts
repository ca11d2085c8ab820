import PQueue from "p-queue";
import type { ClaudeApi } from "../api/claude-api.ts";
import { ApiError } from "../core/errors.ts";
import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { fetchAndSaveChat } from "./chat-task.ts";
import type { OrgContext, OrgRun } from "./org-run.ts";

// After this many chats in a row failed (each after all its retries), the server is refusing: stop.
export const MAX_FAILURES_IN_A_ROW = 3;
// Chats worked on at once beyond --connections. At most --connections chats are fetched (or wait to
// retry) at a time; the extra one is written to disk (with fsync) meanwhile, so no connection idles
// while its chat is saved (bench/RESULTS.md: 94 → 108 chats/s of an ideal 120).
export const EXTRA_CHAT_TASKS = 1;

// The chats of a run, fetched and saved in parallel, and the run's one fatal error.
export interface ChatQueue {
  // The API with chat requests limited to --connections slots (list and account requests pass).
  api: ClaudeApi;
  // Queues an organization's chats, in order, behind those queued before.
  enqueue(run: OrgRun, entries: readonly ChatEntry[]): void;
  // Waits until every queued chat is saved, failed, or dropped by stop().
  idle(): Promise<void>;
  // Stops the run: the first error is kept, queued chats are dropped, requests aborted.
  stop(error: unknown): void;
  readonly fatal: unknown;
}

// The per-chat policy lives here: a 404 means the chat was deleted between list and fetch (the copy
// we hold is kept), other API errors fail that chat only (it is retried by the next run) until
// MAX_FAILURES_IN_A_ROW of them say the server is refusing; anything else (auth, Cloudflare, disk)
// stops the run.
export function createChatQueue(
  api: ClaudeApi,
  context: OrgContext,
  options: { connections: number; abortRequests: () => void },
): ChatQueue {
  const fetches = new PQueue({ concurrency: options.connections });
  const tasks = new PQueue({ concurrency: options.connections + EXTRA_CHAT_TASKS });
  const { events, summary } = context;
  let fatal: unknown;
  let failuresInARow = 0;
  let feeding: Promise<void> = Promise.resolve();

  const stop = (error: unknown) => {
    fatal ??= error;
    tasks.clear();
    fetches.clear();
    options.abortRequests();
  };

  const saveOne = async (run: OrgRun, entry: ChatEntry): Promise<void> => {
    if (fatal) return;
    try {
      const outcome = await fetchAndSaveChat(run, entry, context);
      failuresInARow = 0;
      events.chatSaved(run.org, entry, outcome);
    } catch (error) {
      if (fatal) return; // an abort we caused: the chat stays on the to-do list
      if (error instanceof ApiError && error.code === "NOT_FOUND") {
        run.toFetch.delete(canonicalUuid(entry.uuid));
        events.chatGone(run.org, entry);
        return;
      }
      if (error instanceof ApiError) {
        summary.failed++;
        events.chatFailed(run.org, entry, error);
        if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) stop(refusing(error));
        return;
      }
      stop(error);
    }
  };

  return {
    api: {
      account: () => api.account(),
      listPage: (orgUuid, query) => api.listPage(orgUuid, query),
      conversation: (orgUuid, chatUuid) => fetches.add(() => api.conversation(orgUuid, chatUuid)),
    },
    // Chats are handed to the task queue as it drains, not all queued up front: a task queued up front
    // is old enough to sit in V8's old space when it runs, and while dead there it kept its chat's body
    // and parsed JSON alive through young-generation GCs until the next full GC. That promoted ~16 KB
    // per chat and made V8 grow the young generation to 64 MB: 231 → 165 MB peak RSS for 3 × 1000
    // chats (bench/RESULTS.md).
    enqueue(run, entries) {
      feeding = feeding.then(async () => {
        for (const entry of entries) {
          await tasks.onSizeLessThan(1);
          if (fatal) return;
          tasks.add(() => saveOne(run, entry));
        }
      });
    },
    async idle() {
      await feeding; // it ends early after stop(), which also empties the queue
      await tasks.onIdle();
    },
    stop,
    get fatal() {
      return fatal;
    },
  };
}

function refusing(last: ApiError): ApiError {
  return new ApiError(
    "SERVER_UNAVAILABLE",
    `claude.ai keeps refusing (${MAX_FAILURES_IN_A_ROW} chats in a row failed after all retries; last: ${last.message}); stopped early, everything saved so far is kept`,
    { cause: last },
  );
}
