import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonChunks } from "../../src/core/json-chunks.ts";

test("the pieces joined are exactly JSON.stringify of the value", () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({
    uuid: `c-${i}`,
    name: i % 7 === 0 ? 'quotes " and \\ and \u2028 and émoji 🎉' : `chat ${i}`,
    updated_at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    settings: { enabled: i % 2 === 0, nested: [1, null, "x"] },
    gone: undefined,
  }));
  const state = {
    version: 2,
    orgs: { a: { pending: rows, deleted: ["x", "y"], lastFullScan: new Date(0) }, b: {} },
    skipped: undefined,
    fn: () => 1,
    list: [undefined, () => 1, Symbol("s"), 3, new Date(1)],
    empty: [],
    nothing: null,
  };
  for (const value of [state, rows, [], {}, "text", 42, null, true]) {
    const pieces = [...jsonChunks(value)];
    assert.equal(pieces.join(""), JSON.stringify(value));
  }
});

test("a Map of string keys is written as the object Object.fromEntries makes of it", () => {
  const done = new Map<string, unknown>([
    ["0f3c2a9e-1b2d-4c5e-8f90-123456789abc", { v: "2025-01-01T00:00:00Z", d: "chat", b: ["ab"], g: true }],
    ["__proto__", { v: "x", d: "y", b: [] }],
    ['a"quoted" key', { v: "", d: "", b: [], skipped: undefined }],
  ]);
  assert.equal([...jsonChunks(done)].join(""), JSON.stringify(Object.fromEntries(done)));
  assert.equal([...jsonChunks(new Map())].join(""), "{}");
});

test("a big value comes in pieces of about 16 K characters, never as one string", () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ uuid: `chat-${i}`, name: "x".repeat(100) }));
  const pieces = [...jsonChunks(rows)];
  assert.ok(pieces.length > 80, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((piece) => piece.length)) < 20 * 1024);
  assert.deepEqual(JSON.parse(pieces.join("")), rows);
});
