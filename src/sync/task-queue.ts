import { ApiError, BackupError } from "../core/errors.ts";
import { createLimiter } from "./limiter.ts";

// After this many tasks in a row failed (each after all its retries), the server is refusing: stop.
export const MAX_FAILURES_IN_A_ROW = 3;
// Requests under way per connection: one on the wire and one in the connection pool's line, written
// the moment the answer before it ends (http/connection-pool.ts), rather than once that answer was
// decoded, parsed and its slot passed on, which kept every connection idle ~1 ms per request (2 % of
// a 50 ms round trip; bench/RESULTS.md, issue 12). The server still sees at most --connections
// connections, each with one request at a time.
export const REQUESTS_PER_CONNECTION = 2;
// Tasks worked on at once beyond the requests under way. The extra tasks save to disk meanwhile, so
// no connection idles while a chat is saved (bench/RESULTS.md: 94 → 108 chats/s of an ideal 120 with
// one). A saved chat waits for its journal line to be synced with others (store/journal.ts's
// JOURNAL_BATCH: up to 6 chats or 50 ms), so two batches' worth, one gathering while the other syncs,
// plus the file's own sync. A chat waiting so holds no body (sync/chat-task.ts). A kill can leave
// this many chats more to fetch again.
export const EXTRA_TASKS = 14;

// How many tasks a run works on at once with `connections` connections.
export function tasksAtOnce(connections: number): number {
  return connections * REQUESTS_PER_CONNECTION + EXTRA_TASKS;
}

// One piece of a run's work: a chat, one chat's files, a project, an organization's memory.
export interface Task {
  run(): Promise<void>;
  // claude.ai answered 404: the thing was deleted between list and fetch (what we hold is kept).
  gone(error: ApiError): void;
  // Failed after all retries; retried by the next run.
  failed(error: ApiError): void;
}

// What became of one failed request under the run's failure policy.
export type Verdict = "gone" | "failed";

// Every kind of work of a run in one queue: one connection limit, one failure policy, one fatal error.
export interface TaskQueue {
  // Runs one request in one of REQUESTS_PER_CONNECTION × --connections slots.
  request<T>(call: () => Promise<T>): Promise<T>;
  // Queues tasks, in order, behind those queued before; they are handed over as the queue drains.
  enqueue(tasks: Iterable<Task>): void;
  // Waits until every queued task is done, failed, or dropped by stop().
  idle(): Promise<void>;
  // Stops the run: the first error is kept, queued tasks are dropped, requests aborted.
  stop(error: unknown): void;
  // Applies the policy to one failed request inside a task that goes on (a chat's files, one at a
  // time): a 404 is "gone", another ApiError is "failed" and counts toward MAX_FAILURES_IN_A_ROW;
  // anything else, or the failure that completes the row, stops the run and is thrown.
  judge(error: unknown): Verdict;
  // A request succeeded: the row of failures is broken.
  succeeded(): void;
  readonly fatal: unknown;
}

// The failure policy lives here: a 404 means the thing was deleted between list and fetch, other API
// errors fail that task only (it is retried by the next run) until MAX_FAILURES_IN_A_ROW of them say
// the server is refusing; anything else (auth, Cloudflare, disk) stops the run.
export function createTaskQueue(options: { connections: number; abortRequests: () => void }): TaskQueue {
  const requestSlots = options.connections * REQUESTS_PER_CONNECTION;
  const requests = createLimiter(requestSlots);
  const tasks = createLimiter(tasksAtOnce(options.connections));
  let fatal: unknown;
  let failuresInARow = 0;
  let feeding: Promise<void> = Promise.resolve();

  const stop = (error: unknown) => {
    fatal ??= error;
    tasks.clear();
    requests.clear();
    options.abortRequests();
  };

  const judge = (error: unknown): Verdict => {
    if (fatal) throw fatal;
    if (error instanceof ApiError && error.code === "NOT_FOUND") return "gone";
    if (error instanceof ApiError) {
      if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        stop(refusing(error));
        throw fatal;
      }
      return "failed";
    }
    stop(error);
    throw error;
  };

  const runOne = async (task: Task): Promise<void> => {
    if (fatal) return;
    try {
      await task.run();
      failuresInARow = 0;
    } catch (error) {
      if (fatal) return; // an abort we caused, or a stop judged inside the task: it stays to do
      try {
        if (judge(error) === "gone") task.gone(error as ApiError);
        else task.failed(error as ApiError);
      } catch {
        // judge stopped the run
      }
    }
  };

  return {
    // A request that reaches its slot after the run stopped is not sent. One that fails with a named
    // error that stops the run (auth, Cloudflare, a full disk: a BackupError other than an ApiError,
    // see judge) stops it before its slot passes on, so the next request in line already finds the
    // run stopped (a Cloudflare challenge is not tried by one chat more). Anything else is its
    // task's to judge: a download that answered an HTML page instead of an image only fails that
    // URL, and the file's next URL is tried.
    request: (call) =>
      requests.run(async () => {
        if (fatal) throw fatal;
        try {
          return await call();
        } catch (error) {
          if (error instanceof BackupError && !(error instanceof ApiError)) stop(error);
          throw error;
        }
      }),
    // Tasks are handed to the queue as it drains, not all queued up front: a task queued up front is
    // old enough to sit in V8's old space when it runs, and while dead there it kept its chat's body
    // and parsed JSON alive through young-generation GCs until the next full GC. That promoted ~16 KB
    // per chat and made V8 grow the young generation to 64 MB: 231 → 165 MB peak RSS for 3 × 1000
    // chats (bench/RESULTS.md).
    enqueue(list) {
      feeding = feeding.then(async () => {
        for (const task of list) {
          await tasks.free();
          if (fatal) return;
          void tasks.run(() => runOne(task));
        }
      });
    },
    async idle() {
      // Tasks may enqueue more tasks (a chat its files): wait until feeding and running both settle.
      for (;;) {
        const fed = feeding;
        await fed; // it ends early after stop(), which also empties the queue
        await tasks.idle();
        if (fed === feeding) return;
      }
    },
    stop,
    judge,
    succeeded() {
      failuresInARow = 0;
    },
    get fatal() {
      return fatal;
    },
  };
}

function refusing(last: ApiError): ApiError {
  return new ApiError(
    "SERVER_UNAVAILABLE",
    `claude.ai keeps refusing (${MAX_FAILURES_IN_A_ROW} requests in a row failed after all retries; last: ${last.message}); stopped early, everything saved so far is kept`,
    { cause: last },
  );
}
