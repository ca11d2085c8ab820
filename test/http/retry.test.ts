import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, AuthError, BlockedError } from "../../src/core/errors.ts";
import { backoffDelay, withRetry } from "../../src/http/retry.ts";
import { parseRetryAfter } from "../../src/http/retry-after.ts";
import { TransientError } from "../../src/http/transient-error.ts";

const policy = { retries: 4, minDelayMs: 1000, maxDelayMs: 8000 };

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

test("Retry-After accepts seconds and HTTP dates", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("3", now), 3000);
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now), 10_000);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test("backoff grows exponentially between the two delays", () => {
  assert.equal(
    backoffDelay(1, policy, () => 0),
    1000,
  );
  assert.equal(
    backoffDelay(3, policy, () => 1),
    4000,
  );
  assert.equal(
    backoffDelay(10, policy, () => 1),
    8000,
  );
  assert.ok(backoffDelay(3, policy, () => 0) >= 2000);
});

test("transient failures are retried, honouring Retry-After", async () => {
  const { sleeps, sleep } = recorder();
  let calls = 0;
  const paused: number[] = [];
  const retries: boolean[] = [];
  const result = await withRetry(
    async (again) => {
      retries.push(again);
      calls++;
      if (calls === 1) throw new TransientError("rate_limit", "429", { retryAfterMs: 5000 });
      if (calls === 2) throw new TransientError("server", "503");
      return "ok";
    },
    { policy, sleep, random: () => 0, pauseAll: (ms) => paused.push(ms) },
  );
  assert.equal(result, "ok");
  // The 429's wait is everyone's, held by the transports (the pause); the 503's is this request's.
  assert.deepEqual(paused, [5000]);
  assert.deepEqual(sleeps, [1000]); // second retry: equal jitter over [1 s, 2 s]
  assert.deepEqual(retries, [false, true, true]);
});

test("without a pause for everyone, a 429's retry waits by itself", async () => {
  const { sleeps, sleep } = recorder();
  let calls = 0;
  await withRetry(
    async () => {
      if (++calls === 1) throw new TransientError("rate_limit", "429", { retryAfterMs: 5000 });
    },
    { policy, sleep, random: () => 0 },
  );
  assert.deepEqual(sleeps, [5000]);
});

test("network errors are retried; auth errors are not", async () => {
  const { sleeps, sleep } = recorder();
  let calls = 0;
  await withRetry(
    async () => {
      if (++calls === 1) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    },
    { policy, sleep, random: () => 0 },
  );
  assert.equal(sleeps.length, 1);
  await assert.rejects(
    withRetry(
      async () => {
        throw new AuthError("SESSION_REJECTED", "expired");
      },
      { policy, sleep, random: () => 0 },
    ),
    AuthError,
  );
  assert.equal(sleeps.length, 1);
});

test("giving up turns the last failure into a public error", async () => {
  const { sleeps, sleep } = recorder();
  await assert.rejects(
    withRetry(
      async () => {
        throw new TransientError("server", "HTTP 502");
      },
      { policy, sleep, random: () => 0 },
    ),
    (error: unknown) =>
      error instanceof ApiError && error.code === "SERVER_UNAVAILABLE" && /5 attempts/.test(error.message),
  );
  assert.equal(sleeps.length, 4);
});

test("a Cloudflare challenge is retried only twice, then explained", async () => {
  const { sleeps, sleep } = recorder();
  await assert.rejects(
    withRetry(
      async () => {
        throw new TransientError("challenge", "challenge");
      },
      { policy: { ...policy, retries: 10 }, sleep, random: () => 0 },
    ),
    (error: unknown) => error instanceof BlockedError && /Cloudflare/.test(error.message),
  );
  assert.equal(sleeps.length, 2);
});

test("a challenge pauses everyone rather than this request alone", async () => {
  const { sleeps, sleep } = recorder();
  const paused: number[] = [];
  await assert.rejects(
    withRetry(
      async () => {
        throw new TransientError("challenge", "challenge");
      },
      { policy, sleep, random: () => 0, pauseAll: (ms) => paused.push(ms) },
    ),
    BlockedError,
  );
  assert.deepEqual(paused, [1000, 1000]); // equal jitter, random 0: the lower end each time
  assert.deepEqual(sleeps, []);
});

test("a Retry-After of hours is not waited out", async () => {
  const { sleeps, sleep } = recorder();
  await assert.rejects(
    withRetry(
      async () => {
        throw new TransientError("rate_limit", "429", { retryAfterMs: 3 * 3600_000 });
      },
      { policy, sleep, random: () => 0 },
    ),
    (error: unknown) =>
      error instanceof ApiError && error.code === "RATE_LIMITED" && /180 minutes/.test(error.message),
  );
  assert.equal(sleeps.length, 0);
});
