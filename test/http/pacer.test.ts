import assert from "node:assert/strict";
import { test } from "node:test";
import { createPacer } from "../../src/http/pacer.ts";

// A clock the test moves.
function clock() {
  let now = 0;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

test("a start makes the next wait a spacing; waiting less is not enough", () => {
  const time = clock();
  const pacer = createPacer({ spacingMs: 30, now: time.now });
  assert.equal(pacer.wait(), 0);
  pacer.started();
  assert.equal(pacer.wait(), 30);
  time.advance(29);
  assert.equal(pacer.wait(), 1);
  time.advance(1);
  assert.equal(pacer.wait(), 0);
});

test("spacing 0 never waits; a pause holds everyone back for its length, and never shortens", () => {
  const time = clock();
  const pacer = createPacer({ spacingMs: 0, now: time.now });
  pacer.started();
  assert.equal(pacer.wait(), 0);
  pacer.pauseFor(5000);
  pacer.pauseFor(1000); // a shorter pause later does not end the longer one
  assert.equal(pacer.wait(), 5000);
  time.advance(4000);
  assert.equal(pacer.wait(), 1000);
  time.advance(1000);
  assert.equal(pacer.wait(), 0);
});

test("a pause and the spacing: whichever ends later", () => {
  const time = clock();
  const pacer = createPacer({ spacingMs: 100, now: time.now });
  pacer.started();
  pacer.pauseFor(40);
  assert.equal(pacer.wait(), 100);
  pacer.pauseFor(250);
  assert.equal(pacer.wait(), 250);
});
