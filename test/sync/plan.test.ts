import assert from "node:assert/strict";
import { test } from "node:test";
import { type Held, heldRowOf } from "../../src/archive/held.ts";
import { chatFileName } from "../../src/core/names.ts";
import type { ChatEntry } from "../../src/core/types.ts";
import { planOrg } from "../../src/sync/plan.ts";

const LIMIT = 255;
const row = (n: number, updatedAt = "2026-01-01T00:00:00Z", name = `chat ${n}`): ChatEntry => ({
  uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  updated_at: updatedAt,
  name,
});
const heldAs = (entry: ChatEntry, fileName = chatFileName(entry.name as string, entry.uuid)): Held => ({
  row: heldRowOf(entry),
  files: [fileName],
});

test("unheld and changed chats are fetched, unchanged ones kept, renamed-only ones renamed locally", () => {
  const same = row(1);
  const changed = row(2, "2026-02-01T00:00:00Z");
  const renamed = row(3, "2026-01-01T00:00:00Z", "new name");
  const fresh = row(4);
  const held = new Map<string, Held>([
    [same.uuid, heldAs(same)],
    [changed.uuid, heldAs(row(2))],
    [renamed.uuid, heldAs(renamed, chatFileName("old name", renamed.uuid))],
  ]);
  const plan = planOrg([same, changed, renamed, fresh], held, LIMIT);
  assert.deepEqual([...plan.fetch.keys()], [changed.uuid, fresh.uuid]);
  assert.deepEqual(plan.rename, [renamed]);
  assert.deepEqual(plan.adopt, []);
});

test("a later row of the same chat replaces a pending one from an interrupted run", () => {
  const pending = row(5, "2026-01-01T00:00:00Z");
  const newer = row(5, "2026-03-01T00:00:00Z");
  const plan = planOrg([pending, newer], new Map(), LIMIT);
  assert.deepEqual([...plan.fetch.values()], [newer]);
});

test("a pending row whose chat is now held unchanged is not fetched again", () => {
  const entry = row(6);
  const plan = planOrg([entry, entry], new Map([[entry.uuid, heldAs(entry)]]), LIMIT);
  assert.equal(plan.fetch.size, 0);
});

test("a chat known only from its file (the original tool's folder) is adopted when it matches", () => {
  const entry = row(7);
  const held = new Map<string, Held>([
    [
      entry.uuid,
      {
        files: [chatFileName("chat 7", entry.uuid)],
        facts: { uuid: entry.uuid, updatedAt: entry.updated_at, name: "chat 7" },
      },
    ],
  ]);
  const plan = planOrg([entry], held, LIMIT);
  assert.deepEqual(plan.adopt, [entry]);
  assert.equal(plan.fetch.size, 0);
});

test("a file without its row is not adopted when its star or project differs from the row's", () => {
  // A killed run may leave a chat's file written and its journal line not: starring it since left
  // updated_at as it was, so only the star tells that the file is stale.
  const starred = { ...row(9), is_starred: true, project_uuid: null };
  const moved = { ...row(10), is_starred: false, project_uuid: "11111111-1111-4111-8111-111111111111" };
  const same = { ...row(11), is_starred: false, project_uuid: null };
  const fromFile = (entry: ChatEntry, starredInFile: boolean, projectInFile: string | null): Held => ({
    files: [chatFileName(entry.name as string, entry.uuid)],
    facts: {
      uuid: entry.uuid,
      updatedAt: entry.updated_at,
      name: entry.name as string,
      starred: starredInFile,
      projectUuid: projectInFile,
    },
  });
  const held = new Map<string, Held>([
    [starred.uuid, fromFile(starred, false, null)],
    [moved.uuid, fromFile(moved, false, null)],
    [same.uuid, fromFile(same, false, null)],
  ]);
  const plan = planOrg([starred, moved, same], held, LIMIT);
  assert.deepEqual([...plan.fetch.keys()], [starred.uuid, moved.uuid]);
  assert.deepEqual(plan.adopt, [same]);
});

test("upper-case uuids from claude.ai meet the lower-case uuids of file names", () => {
  const entry = row(8);
  const upper = { ...entry, uuid: entry.uuid.toUpperCase() };
  const plan = planOrg(
    [upper],
    new Map([[entry.uuid, heldAs(upper, chatFileName("chat 8", entry.uuid))]]),
    LIMIT,
  );
  assert.equal(plan.fetch.size, 0, "held under its lower-case key: not fetched again");
  assert.deepEqual(plan.rename, []);
});
