import assert from "node:assert/strict";
import { test } from "node:test";
import { heldRowOf, rowDigest, SavedChat, textDigest } from "../../src/archive/held.ts";
import { chatFileName } from "../../src/core/names.ts";
import type { ChatEntry } from "../../src/core/types.ts";
import { fileNameFor } from "../../src/sync/decide.ts";

const UUID = "0b6a3b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const entry = (name: string): ChatEntry => ({
  uuid: UUID,
  name,
  created_at: "2026-01-01T00:00:00.000000Z",
  updated_at: "2026-01-02T00:00:00.000000Z",
});

test("a saved chat gives back the file name it was saved under, usual or made safe", () => {
  for (const name of [
    "Sourdough starter",
    "../../etc/passwd",
    "CON",
    "a\u0007b",
    "x".repeat(300),
    "",
    "日本語 🍞",
  ]) {
    const row = entry(name);
    const file = fileNameFor(row, 255);
    const chat = new SavedChat(UUID, heldRowOf(row), file);
    assert.deepEqual(chat.files, [file], JSON.stringify(name.slice(0, 20)));
  }
});

test("a chat saved again in the same run (renamed) gives the new name only", () => {
  const first = entry("Draft");
  const chat = new SavedChat(UUID, heldRowOf(first), fileNameFor(first, 255));
  const renamed = entry("Final / v2");
  chat.saved(heldRowOf(renamed), fileNameFor(renamed, 255));
  assert.deepEqual(chat.files, [fileNameFor(renamed, 255)]);
  // A name the caller chose otherwise (the folder's shorter name limit) is kept as it was given.
  chat.saved(heldRowOf(renamed), chatFileName("Final", UUID));
  assert.deepEqual(chat.files, [chatFileName("Final", UUID)]);
});

test("a row's digest is a whole number of 52 bits that any change of its JSON changes", () => {
  const row = entry("Sourdough starter");
  const digest = rowDigest(row);
  assert.ok(Number.isSafeInteger(digest) && digest >= 0 && digest < 2 ** 52);
  assert.equal(digest, textDigest(JSON.stringify(row)));
  assert.notEqual(rowDigest({ ...row, is_starred: true }), digest);
  assert.notEqual(rowDigest({ ...row, name: "Sourdough starter " }), digest);
});
