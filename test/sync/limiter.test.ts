import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createLimiter } from "../../src/sync/limiter.ts";

test("at most `limit` calls run at once, in the order they came; idle waits for the last", async () => {
  const limiter = createLimiter(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const results = Promise.all(
    [0, 1, 2, 3, 4, 5].map((n) =>
      limiter.run(async () => {
        started.push(n);
        most = Math.max(most, ++running);
        await sleep(5 - (n % 3));
        running--;
        return n * 10;
      }),
    ),
  );
  await limiter.idle();
  assert.equal(running, 0);
  assert.deepEqual(await results, [0, 10, 20, 30, 40, 50]);
  assert.equal(most, 2);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
});

test("a failing call frees its slot; clear() rejects the waiting calls and runs none of them", async () => {
  const limiter = createLimiter(1);
  const ran: string[] = [];
  const first = limiter.run(async () => {
    ran.push("first");
    await sleep(5);
    throw new Error("boom");
  });
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => "ran",
      (error: Error) => error.name,
    );
  const second = outcome(limiter.run(async () => void ran.push("second")));
  const third = outcome(limiter.run(async () => void ran.push("third")));
  limiter.clear();
  await assert.rejects(first, /boom/);
  assert.deepEqual([await second, await third], ["AbortError", "AbortError"]);
  await limiter.idle();
  assert.deepEqual(ran, ["first"]);
  assert.equal(limiter.active, 0);
  await limiter.run(async () => void ran.push("after"));
  assert.deepEqual(ran, ["first", "after"]);
});

test("free() resolves once a slot is free", async () => {
  const limiter = createLimiter(1);
  let done = false;
  const busy = limiter.run(async () => {
    await sleep(5);
    done = true;
  });
  await limiter.free();
  assert.equal(done, true);
  await busy;
});
