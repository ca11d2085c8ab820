import assert from "node:assert/strict";
import { test } from "node:test";
import { realSleep } from "../../src/core/sleep.ts";
import { createPacer } from "../../src/http/pacer.ts";

// A fake clock: sleeping advances time.
function clock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += Math.max(0, ms);
    },
  };
}

test("request starts are spaced globally, whatever the number of workers", async () => {
  const pacer = createPacer({ spacingMs: 30, sleep: realSleep, now: Date.now });
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      await pacer.turn();
      starts.push(Date.now());
    }),
  );
  starts.sort((a, b) => a - b);
  // The guarantee is on the rate: the i-th start is never earlier than i spacings after the first. (Two
  // neighbours can be closer when a timer fires late and the next one on time.)
  const first = starts[0] ?? 0;
  starts.forEach((start, i) => {
    assert.ok(
      start - first >= i * 30 - 2,
      `starts ${starts.map((t) => t - first).join(", ")} come faster than one per 30 ms`,
    );
  });
});

test("spacing 0 does not wait; a pause holds everyone back", async () => {
  const { now, sleep } = clock();
  const pacer = createPacer({ spacingMs: 0, sleep, now });
  await pacer.turn();
  assert.equal(now(), 0);
  pacer.pauseFor(5000);
  await pacer.turn();
  assert.equal(now(), 5000);
});
