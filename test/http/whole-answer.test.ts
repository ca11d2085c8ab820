import assert from "node:assert/strict";
import { test } from "node:test";
import { flattenHeaders } from "../../src/http/whole-answer.ts";

test("an answer's headers are used as node:http made them when every value is one string", () => {
  const headers = { "content-type": "application/json", "x-seen": "a, b" };
  assert.equal(flattenHeaders(headers), headers);
});

test("a header node:http keeps as an array (set-cookie) is joined, in a copy", () => {
  const headers = { "set-cookie": ["a=1", "b=2"], "content-type": "application/json", empty: undefined };
  const flat = flattenHeaders(headers);
  assert.deepEqual(flat, { "set-cookie": "a=1, b=2", "content-type": "application/json" });
  assert.deepEqual(headers["set-cookie"], ["a=1", "b=2"]);
});
