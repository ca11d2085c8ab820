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
