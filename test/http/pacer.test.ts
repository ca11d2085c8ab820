import assert from "node:assert/strict";
import { test } from "node:test";
import { createPacer } from "../../src/http/pacer.ts";
import { realSleep } from "../../src/util/sleep.ts";

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
  for (let i = 1; i < starts.length; i++) {
    assert.ok(
      (starts[i] ?? 0) - (starts[i - 1] ?? 0) >= 25,
      `starts ${starts.join(", ")} are closer than the spacing`,
    );
  }
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
