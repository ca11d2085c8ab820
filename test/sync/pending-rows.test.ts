import assert from "node:assert/strict";
import { test } from "node:test";
import type { SyncState } from "../../src/archive/state.ts";
import type { ChatEntry } from "../../src/core/types.ts";
import { createPendingRows } from "../../src/sync/pending-rows.ts";

const row = (n: number): ChatEntry => ({
  uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  updated_at: "2026-01-01T00:00:00Z",
});

test("the state to save lists each followed organization's to-do list as it is at that moment", () => {
  const state: SyncState = { orgs: { a: { listApi: "v1", pending: [row(9)] }, b: { listApi: "v2" } } };
  const pending = createPendingRows(state);
  assert.equal(pending.toSave(), state, "nothing followed: the state itself");
  const toFetch = new Map([
    ["1", row(1)],
    ["2", row(2)],
  ]);
  pending.follow("a", () => [...toFetch.values()]);
  assert.deepEqual(pending.toSave().orgs.a, { listApi: "v1", pending: [row(1), row(2)] });
  toFetch.delete("1"); // saved
  assert.deepEqual(pending.toSave().orgs.a?.pending, [row(2)]);
  assert.deepEqual(pending.toSave().orgs.b, { listApi: "v2" });
  assert.deepEqual(state.orgs.a?.pending, [row(9)], "the state in memory is not changed");
  pending.stop("a");
  assert.equal(pending.toSave(), state);
});
