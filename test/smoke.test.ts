import assert from "node:assert/strict";
import { test } from "node:test";
import { MIN_NODE } from "../src/version-check.ts";

test("the minimum Node version is 22.19 or newer", () => {
  assert.ok(MIN_NODE[0] >= 22);
});
