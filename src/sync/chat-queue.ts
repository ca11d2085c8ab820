import type { ClaudeApi } from "../api/claude-api.ts";
import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { fetchAndSaveChat } from "./chat-task.ts";
import type { OrgContext, OrgRun } from "./org-run.ts";
import { createTaskQueue, type Task, type TaskQueue } from "./task-queue.ts";

export { EXTRA_TASKS as EXTRA_CHAT_TASKS, MAX_FAILURES_IN_A_ROW } from "./task-queue.ts";

// The chats of a run, fetched and saved in parallel on the run's one task queue (which files and
// projects share), and the run's one fatal error.
export interface ChatQueue {
  // The API with chat requests limited to --connections slots (list and account requests pass).
  api: ClaudeApi;
  // The run's task queue, for the other kinds of work.
  queue: TaskQueue;
  // Queues an organization's chats, in order, behind those queued before.
  enqueue(run: OrgRun, entries: readonly ChatEntry[]): void;
  // Waits until every queued task is done, failed, or dropped by stop().
  idle(): Promise<void>;
  // Stops the run: the first error is kept, queued tasks are dropped, requests aborted.
  stop(error: unknown): void;
  readonly fatal: unknown;
}

// Called with each chat's parsed JSON as it comes in; returns what to do once that chat's file is
// written (its files are named in the JSON), which is awaited, so the chat's task slot is held until
// its files are fetched too. The JSON itself is not kept: held through the chat's downloads, a chat's
// whole parsed JSON outlived V8's young generation and was promoted to be collected later as garbage.
export type AfterChatWritten = (run: OrgRun, entry: ChatEntry) => Promise<void>;
export type ChatFetchedHook = (
  orgUuid: string,
  json: Record<string, unknown>,
) => AfterChatWritten | undefined;

// The per-chat policy: a 404 means the chat was deleted between list and fetch (the copy we hold is
// kept), other API errors fail that chat only (it is retried by the next run) until
// MAX_FAILURES_IN_A_ROW failures in a row say the server is refusing; anything else (auth, Cloudflare,
// disk) stops the run (task-queue.ts).
export function createChatQueue(
  api: ClaudeApi,
  context: OrgContext,
  options: { connections: number; abortRequests: () => void; onChatFetched?: ChatFetchedHook },
): ChatQueue {
  const queue = createTaskQueue(options);
  const { events, summary } = context;
  // What to do after saving each chat fetched and not yet saved (from onChatFetched).
  const afterWrite = new Map<string, AfterChatWritten>();

  const chatTask = (run: OrgRun, entry: ChatEntry): Task => ({
    async run() {
      const key = canonicalUuid(entry.uuid);
      try {
        await fetchAndSaveChat(run, entry, context, {
          saved: (outcome) => events.chatSaved(run.org, entry, outcome),
          alongside: () => afterWrite.get(key)?.(run, entry),
        });
      } finally {
        afterWrite.delete(key);
      }
    },
    gone() {
      run.toFetch.delete(canonicalUuid(entry.uuid));
      events.chatGone(run.org, entry);
    },
    failed(error) {
      summary.failed++;
      events.chatFailed(run.org, entry, error);
    },
  });

  return {
    api: {
      account: () => api.account(),
      listPage: (orgUuid, query) => api.listPage(orgUuid, query),
      conversation: async (orgUuid, chatUuid) => {
        const answer = await queue.request(() => api.conversation(orgUuid, chatUuid));
        const next = options.onChatFetched?.(orgUuid, answer.json);
        if (next) afterWrite.set(canonicalUuid(chatUuid), next);
        return answer;
      },
    },
    queue,
    enqueue(run, entries) {
      // Made one at a time as the queue drains (see TaskQueue.enqueue).
      queue.enqueue(
        (function* () {
          for (const entry of entries) yield chatTask(run, entry);
        })(),
      );
    },
    idle: () => queue.idle(),
    stop: (error) => queue.stop(error),
    get fatal() {
      return queue.fatal;
    },
  };
}
