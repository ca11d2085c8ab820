import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, AuthError, StoreError } from "../../src/core/errors.ts";
import {
  createTaskQueue,
  EXTRA_TASKS,
  MAX_FAILURES_IN_A_ROW,
  REQUESTS_PER_CONNECTION,
  type Task,
} from "../../src/sync/task-queue.ts";

// A task that records what the queue decided about it.
function task(log: string[], name: string, outcome: () => Promise<void>): Task {
  return {
    run: async () => {
      await outcome();
      log.push(`${name}:done`);
    },
    gone: () => log.push(`${name}:gone`),
    failed: () => log.push(`${name}:failed`),
  };
}

const notFound = () => new ApiError("NOT_FOUND", "gone (HTTP 404)", { status: 404 });
const unavailable = () => new ApiError("SERVER_UNAVAILABLE", "HTTP 503 after 11 attempts", { status: 503 });

function queue(connections = 1) {
  let aborted = 0;
  const q = createTaskQueue({ connections, abortRequests: () => void aborted++ });
  return { q, aborted: () => aborted };
}

test("a 404 is gone, not a failure, and does not count toward the row", async () => {
  const log: string[] = [];
  const { q } = queue();
  const fail = async () => {
    throw unavailable();
  };
  const missing = async () => {
    throw notFound();
  };
  q.enqueue([
    task(log, "a", fail),
    task(log, "b", missing),
    task(log, "c", fail),
    task(log, "d", async () => {}),
  ]);
  await q.idle();
  assert.deepEqual(log, ["a:failed", "b:gone", "c:failed", "d:done"]);
  assert.equal(q.fatal, undefined);
});

test(`${MAX_FAILURES_IN_A_ROW} ApiErrors in a row stop the run; the rest are dropped and requests aborted`, async () => {
  const log: string[] = [];
  const { q, aborted } = queue();
  const fail = async () => {
    throw unavailable();
  };
  q.enqueue([1, 2, 3, 4, 5].map((n) => task(log, `t${n}`, fail)));
  await q.idle();
  assert.deepEqual(log, ["t1:failed", "t2:failed"]);
  assert.ok(q.fatal instanceof ApiError);
  assert.equal((q.fatal as ApiError).code, "SERVER_UNAVAILABLE");
  assert.match((q.fatal as Error).message, /keeps refusing/);
  assert.equal(aborted(), 1);
});

test("a success breaks the row of failures", async () => {
  const log: string[] = [];
  const { q } = queue();
  const fail = async () => {
    throw unavailable();
  };
  const ok = async () => {};
  q.enqueue([fail, fail, ok, fail, fail, ok].map((outcome, i) => task(log, `t${i}`, outcome)));
  await q.idle();
  assert.equal(q.fatal, undefined);
  assert.equal(log.filter((line) => line.endsWith(":failed")).length, 4);
});

test("any other error (auth, disk) stops the run at once and is the run's error", async () => {
  for (const error of [
    new AuthError("SESSION_REJECTED", "expired"),
    new StoreError("STORAGE", "disk full"),
  ]) {
    const log: string[] = [];
    const { q } = queue();
    q.enqueue([
      task(log, "a", async () => {
        throw error;
      }),
      task(log, "b", async () => {}),
    ]);
    await q.idle();
    assert.equal(q.fatal, error);
    assert.ok(!log.includes("a:failed") && !log.includes("a:gone"), log.join());
  }
});

test("judge applies the same policy to one request inside a task that goes on", async () => {
  const { q } = queue();
  assert.equal(q.judge(notFound()), "gone");
  assert.equal(q.judge(unavailable()), "failed");
  q.succeeded();
  assert.equal(q.judge(unavailable()), "failed");
  assert.equal(q.judge(unavailable()), "failed");
  assert.throws(() => q.judge(unavailable()), /keeps refusing/);
  assert.ok(q.fatal);
  const other = queue().q;
  const disk = new StoreError("STORAGE", "disk full");
  assert.throws(
    () => other.judge(disk),
    (e: unknown) => e === disk,
  );
  assert.equal(other.fatal, disk);
});

test("requests share two slots per connection; tasks run EXTRA_TASKS more than that", async () => {
  const { q } = queue(2);
  const requestSlots = 2 * REQUESTS_PER_CONNECTION;
  let inFlight = 0;
  let most = 0;
  let tasksAtOnce = 0;
  let mostTasks = 0;
  const work = (): Task => ({
    async run() {
      tasksAtOnce++;
      mostTasks = Math.max(mostTasks, tasksAtOnce);
      await q.request(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight--;
      });
      await new Promise((resolve) => setTimeout(resolve, 5)); // "saving"
      tasksAtOnce--;
    },
    gone() {},
    failed() {},
  });
  q.enqueue(Array.from({ length: 2 * (requestSlots + EXTRA_TASKS) }, work));
  await q.idle();
  assert.equal(most, requestSlots);
  assert.equal(mostTasks, requestSlots + EXTRA_TASKS);
});

test("tasks may enqueue more tasks; idle waits for those too", async () => {
  const log: string[] = [];
  const { q } = queue(2);
  q.enqueue([
    {
      async run() {
        log.push("chat");
        q.enqueue([task(log, "files", async () => {})]);
      },
      gone() {},
      failed() {},
    },
  ]);
  await q.idle();
  assert.deepEqual(log, ["chat", "files:done"]);
});

test("a request failing with a named error that stops the run stops it; any other failure is its task's to judge", async () => {
  const log: string[] = [];
  const { q } = queue();
  class NotTheFile extends Error {}
  // A task that tries a URL which answers the wrong content, then the file's next URL.
  q.enqueue([
    task(log, "a", async () => {
      await q
        .request(async () => {
          throw new NotTheFile("an HTML page instead of the image");
        })
        .catch((error: unknown) => {
          assert.ok(error instanceof NotTheFile);
          log.push("a:next-url");
        });
      await q.request(async () => {});
    }),
  ]);
  await q.idle();
  assert.deepEqual(log, ["a:next-url", "a:done"]);
  assert.equal(q.fatal, undefined, "the run goes on");
  const blocked = new AuthError("SESSION_REJECTED", "expired");
  q.enqueue([
    task(log, "b", async () => {
      await q
        .request(async () => {
          throw blocked;
        })
        .catch(() => {});
      log.push("b:after");
    }),
  ]);
  await q.idle();
  assert.equal(q.fatal, blocked, "an expired key stops the run at the request, before its slot passes on");
});
