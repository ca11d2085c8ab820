import type { ClaudeApi } from "../api/claude-api.ts";
import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { type FetchedChat, fetchAndSaveChat } from "./chat-task.ts";
import type { OrgContext, OrgRun } from "./org-run.ts";
import { createTaskQueue, type Task, type TaskQueue } from "./task-queue.ts";

export { MAX_FAILURES_IN_A_ROW, tasksAtOnce } from "./task-queue.ts";

// The chats of a run, fetched and saved in parallel on the run's one task queue (which files and
// projects share), and the run's one fatal error.
export interface ChatQueue {
  // The run's task queue, for the other kinds of work.
  queue: TaskQueue;
  // Queues an organization's chats, in order, behind those queued before.
  // The array is the queue's from then on: it lets go of each row as its task is made (a batch of a
  // first sync holds thousands of rows, and a saved chat's row is needed no more).
  enqueue(run: OrgRun, entries: (ChatEntry | undefined)[]): void;
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

  // A chat's parsed JSON (~20 kB of objects for a 6 kB chat) is read, and let go, inside its
  // request's slot. Handed out of it, it became the value of promises and async frames made when the
  // chat's task started, before it waited for a slot: by then they had lived through a young-generation
  // GC and sat in V8's old space, where, dead or not, they kept the JSON alive through every
  // young-generation GC until the next full one. So the JSON of most chats was copied and promoted,
  // to be collected as garbage later: 20 MB promoted for 1,000 chats, 12 MB without it
  // (bench/RESULTS.md, issue 12). Only the body and one date leave the slot.
  const fetchChat = (orgUuid: string, chatUuid: string): Promise<FetchedChat> =>
    queue.request(async () => {
      const { body, json } = await api.conversation(orgUuid, chatUuid);
      const next = options.onChatFetched?.(orgUuid, json);
      if (next) afterWrite.set(canonicalUuid(chatUuid), next);
      return { body, updatedAt: json.updated_at };
    });

  const chatTask = (run: OrgRun, entry: ChatEntry): Task => ({
    async run() {
      const key = canonicalUuid(entry.uuid);
      try {
        await fetchAndSaveChat(run, entry, context, {
          fetch: () => fetchChat(run.org.uuid, entry.uuid),
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
    queue,
    enqueue(run, entries) {
      // Made one at a time as the queue drains (see TaskQueue.enqueue).
      queue.enqueue(
        (function* () {
          for (let i = 0; i < entries.length; i++) {
            const entry = entries[i];
            entries[i] = undefined;
            if (entry) yield chatTask(run, entry);
          }
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
