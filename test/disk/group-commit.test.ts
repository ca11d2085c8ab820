import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { groupCommit } from "../../src/disk/group-commit.ts";

test("calls made during a flush share the next one; none is answered by a flush begun before it", async () => {
  const flushes: string[][] = [];
  const commit = groupCommit<string>(async (_key, items) => {
    flushes.push([...items]);
    await sleep(5);
  });
  const answered: string[] = [];
  const call = (item: string) => commit("k", item).then(() => void answered.push(item));
  const first = call("a");
  const rest = ["b", "c", "d"].map(call);
  await Promise.all([first, ...rest]);
  assert.deepEqual(flushes, [["a"], ["b", "c", "d"]]);
  assert.deepEqual(answered, ["a", "b", "c", "d"]);
  await call("e");
  assert.deepEqual(flushes.at(-1), ["e"]);
});

test("a failed flush fails its own batch only; keys flush independently", async () => {
  let fail = true;
  const seen: string[] = [];
  const commit = groupCommit<string>(async (key, items) => {
    seen.push(`${key}:${items.join("")}`);
    await sleep(2);
    if (key === "x" && fail) throw new Error("disk full");
  });
  const a = commit("x", "1");
  const b = commit("x", "2");
  const other = commit("y", "3");
  await assert.rejects(a, /disk full/);
  fail = false;
  await b;
  await other;
  assert.deepEqual(seen.sort(), ["x:1", "x:2", "y:3"]);
});

test("gathering: a batch waits for company, goes at once when full or urgent, and not before its callers came", async () => {
  const flushes: string[][] = [];
  const commit = groupCommit<string>(
    async (_key, items) => {
      flushes.push([...items]);
      await sleep(5);
    },
    { ms: 200, items: 3 },
  );
  // Two calls 10 ms apart share one flush, made once the wait is over. The wait is long beside the
  // margins below, so a busy machine's stalls do not decide the test.
  const started = performance.now();
  const first = commit("k", "a");
  await sleep(10);
  await Promise.all([first, commit("k", "b")]);
  assert.deepEqual(flushes, [["a", "b"]]);
  assert.ok(performance.now() - started >= 195, "the batch waited for company");
  // A batch that reaches `items` goes at once.
  const full = performance.now();
  await Promise.all(["c", "d", "e"].map((item) => commit("k", item)));
  assert.deepEqual(flushes.at(-1), ["c", "d", "e"]);
  assert.ok(performance.now() - full < 100, "a full batch did not wait");
  // An urgent call takes what has gathered along, at once.
  const gathered = commit("k", "f");
  const urgent = performance.now();
  await Promise.all([gathered, commit("k", "g", true)]);
  assert.deepEqual(flushes.at(-1), ["f", "g"]);
  assert.ok(performance.now() - urgent < 100, "an urgent call did not wait");
  // Calls made while a flush runs wait for the next flush, which starts as that one ends.
  const during = commit("k", "h", true);
  await sleep(1);
  const next = commit("k", "i");
  await Promise.all([during, next]);
  assert.deepEqual(flushes.slice(-2), [["h"], ["i"]]);
});
