import assert from "node:assert/strict";
import { test } from "node:test";
import type { ChatEntry } from "../../src/core/types.ts";
import { type FetchPage, type WalkOptions, walkList } from "../../src/sync/list-walk.ts";

// An in-memory list, newest first, that tests can change between page requests.
function listOf(count: number): ChatEntry[] {
  return Array.from({ length: count }, (_, i) =>
    entry(i, `2025-01-01T00:${String(59 - (i % 60)).padStart(2, "0")}:00.000000Z`),
  );
}

function entry(n: number, updatedAt: string): ChatEntry {
  return {
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    updated_at: updatedAt,
    name: `chat ${n}`,
  };
}

function pager(
  list: ChatEntry[],
  beforePage?: (call: number, offset: number) => void,
): { fetch: FetchPage; calls: number[] } {
  const calls: number[] = [];
  const fetch: FetchPage = async (offset, limit) => {
    beforePage?.(calls.length, offset);
    calls.push(offset);
    return { entries: list.slice(offset, offset + limit), hasMore: undefined };
  };
  return { fetch, calls };
}

const incremental: WalkOptions = { mode: "incremental", firstLimit: 5, maxLimit: 20, maxRestarts: 4 };

test("an unchanged list costs one small page", async () => {
  const list = listOf(50);
  const held = new Set(list.map((e) => e.uuid));
  const { fetch, calls } = pager(list);
  const result = await walkList(fetch, (e) => held.has(e.uuid), incremental);
  assert.deepEqual(result.entries, []);
  assert.deepEqual(calls, [0]);
});

test("the walk stops at the first held row and returns the changed rows above it", async () => {
  const list = listOf(50);
  const held = new Set(list.slice(12).map((e) => e.uuid));
  const { fetch } = pager(list);
  const result = await walkList(fetch, (e) => held.has(e.uuid), incremental);
  assert.deepEqual(
    result.entries.map((e) => e.uuid),
    list.slice(0, 12).map((e) => e.uuid),
  );
  assert.equal(result.complete, false);
});

test("a first sync reads the whole list with growing, overlapping pages", async () => {
  const list = listOf(63);
  const { fetch, calls } = pager(list);
  const result = await walkList(fetch, () => false, incremental);
  assert.equal(result.entries.length, 63);
  assert.equal(new Set(result.entries.map((e) => e.uuid)).size, 63);
  assert.equal(result.complete, true);
  // 5, 10, 20, 20 ... each page re-reads the last row of the one before
  assert.deepEqual(calls.slice(0, 3), [0, 4, 13]);
});

test("a chat moved to the top while paging is still returned (a row seen twice)", async () => {
  const list = listOf(40);
  const moved = list[30] as ChatEntry;
  const { fetch } = pager(list, (call) => {
    if (call === 1) {
      list.splice(30, 1);
      list.unshift({ ...moved, updated_at: "2025-02-01T00:00:00.000000Z" });
    }
  });
  const result = await walkList(fetch, () => false, { ...incremental, mode: "full" });
  const uuids = result.entries.map((e) => e.uuid);
  assert.equal(new Set(uuids).size, 40);
  assert.equal(result.entries.find((e) => e.uuid === moved.uuid)?.updated_at, "2025-02-01T00:00:00.000000Z");
});

test("a row pushed across a page boundary by deletions above is not missed", async () => {
  const list = listOf(40);
  const { fetch } = pager(list, (call) => {
    if (call === 1) list.splice(0, 3); // three chats above us deleted
  });
  const result = await walkList(fetch, () => false, { ...incremental, mode: "full" });
  const uuids = new Set(result.entries.map((e) => e.uuid));
  for (const e of list) assert.ok(uuids.has(e.uuid), `missing ${e.uuid}`);
});

test("incremental walk with chats updated during paging yields every changed chat", async () => {
  const list = listOf(60);
  const held = new Set(list.slice(25).map((e) => e.uuid));
  const bumped: string[] = [];
  const { fetch } = pager(list, (call) => {
    if (call === 1 || call === 2) {
      const [victim] = list.splice(40 + call, 1); // a held chat gets updated and moves to the top
      if (!victim) return;
      list.unshift({ ...victim, updated_at: `2025-03-0${call}T00:00:00.000000Z` });
      bumped.push(victim.uuid);
    }
  });
  const result = await walkList(
    fetch,
    (e) => held.has(e.uuid) && !e.updated_at.startsWith("2025-03"),
    incremental,
  );
  const uuids = new Set(result.entries.map((e) => e.uuid));
  for (const uuid of bumped) assert.ok(uuids.has(uuid), "a chat moved to the top during paging was missed");
  for (const e of listOf(60).slice(0, 25)) assert.ok(uuids.has(e.uuid));
});

test("v2 pages end on has_more=false", async () => {
  const list = listOf(12);
  const calls: number[] = [];
  const fetch: FetchPage = async (offset, limit) => {
    calls.push(offset);
    return { entries: list.slice(offset, offset + limit), hasMore: offset + limit < list.length };
  };
  const result = await walkList(fetch, () => false, incremental);
  assert.equal(result.entries.length, 12);
  assert.equal(calls.length, 2);
});

const full: WalkOptions = { mode: "full", firstLimit: 5, maxLimit: 20, maxRestarts: 4 };

test("a full scan whose list loses rows above it mends the boundary instead of reading it all again", async () => {
  const list = listOf(200);
  const all = list.map((e) => e.uuid);
  const removed = new Set(all.slice(0, 3));
  const { fetch, calls } = pager(list, (call) => {
    // Three chats at the top are deleted after the 5th page: every later row slides up by three.
    if (call === 5) list.splice(0, 3);
  });
  const result = await walkList(fetch, () => false, full);
  assert.equal(result.complete, true);
  assert.equal(result.settled, true);
  assert.deepEqual(
    new Set(result.entries.map((e) => e.uuid)),
    new Set([...all].filter((u) => !removed.has(u)).concat([...removed])),
  );
  // 200 rows in pages of 20 overlapping by one are 12 requests (the last one finds the end); the mend
  // costs two more, not a second walk of the whole list.
  assert.ok(calls.length <= 14, `pages read: ${calls.length} (${calls.join(", ")})`);
});

test("a full scan whose list gains rows at the top re-reads only the changed top", async () => {
  const list = listOf(200);
  let added = 0;
  const { fetch, calls } = pager(list, (call) => {
    if (call === 5) {
      for (let i = 0; i < 4; i++) list.unshift(entry(1000 + i, "2025-02-01T00:00:00.000000Z"));
      added = 4;
    }
  });
  const result = await walkList(fetch, () => false, full);
  assert.equal(added, 4);
  assert.equal(result.complete, true);
  assert.equal(result.settled, true);
  assert.equal(new Set(result.entries.map((e) => e.uuid)).size, 204);
  // The whole list once (12 requests) plus the new top: far less than a second full walk.
  assert.ok(calls.length <= 15, `pages read: ${calls.length} (${calls.join(", ")})`);
});

// A walk that has not ended after this many pages is looping: the test fails instead of hanging.
function bounded(fetch: FetchPage, maxCalls: number): FetchPage {
  let calls = 0;
  return async (offset, limit) => {
    calls++;
    if (calls > maxCalls) throw new Error(`still walking after ${maxCalls} pages (offset ${offset})`);
    return fetch(offset, limit);
  };
}

test("a full scan of a one-chat list ends after the empty page that follows it", async () => {
  const list = listOf(1);
  const { fetch, calls } = pager(list);
  const result = await walkList(bounded(fetch, 5), () => false, full);
  assert.deepEqual(
    result.entries.map((e) => e.uuid),
    list.map((e) => e.uuid),
  );
  assert.equal(result.complete, true);
  assert.deepEqual(calls, [0, 1]);
});

test("a full scan of an empty list costs one page", async () => {
  const { fetch, calls } = pager([]);
  const result = await walkList(bounded(fetch, 5), () => false, full);
  assert.deepEqual(result.entries, []);
  assert.equal(result.complete, true);
  assert.deepEqual(calls, [0]);
});

test("a server that answers one row per page, whatever the limit, is walked to the end", async () => {
  const list = listOf(7);
  const calls: number[] = [];
  const onePerPage: FetchPage = async (offset) => {
    calls.push(offset);
    return { entries: list.slice(offset, offset + 1), hasMore: undefined };
  };
  for (const options of [full, incremental]) {
    calls.length = 0;
    const result = await walkList(bounded(onePerPage, 20), () => false, options);
    assert.equal(result.entries.length, 7, options.mode);
    assert.equal(result.complete, true, options.mode);
    assert.deepEqual(calls, [0, 1, 2, 3, 4, 5, 6, 7], options.mode);
  }
});

test("a server that ignores the offset gets a clear error after a bounded number of pages, not requests forever", async () => {
  const list = listOf(10);
  let calls = 0;
  const samePage: FetchPage = async () => {
    calls++;
    return { entries: list, hasMore: undefined };
  };
  for (const options of [full, incremental]) {
    calls = 0;
    await assert.rejects(
      walkList(bounded(samePage, 1000), () => false, options),
      (error: Error & { code?: string }) =>
        error.code === "BAD_RESPONSE" && /pages in a row without a chat not seen before/.test(error.message),
    );
    assert.ok(calls <= 500, `${options.mode}: ${calls} pages`);
  }
});
