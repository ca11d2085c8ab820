import assert from "node:assert/strict";
import { test } from "node:test";
import { newestFirst } from "../../src/core/newest-first.ts";

test("newest-updated first; ties by uuid, in the order localeCompare gives lower-case uuids", () => {
  const rows = [
    { uuid: "b0000000-0000-4000-8000-000000000000", at: "2025-01-01T00:00:00Z" },
    { uuid: "0a000000-0000-4000-8000-000000000000", at: "2025-01-01T00:00:00Z" },
    { uuid: "00000000-0000-4000-8000-00000000000f", at: "2025-03-01T00:00:00Z" },
    { uuid: "a-0", at: "2025-01-01T00:00:00Z" },
  ];
  const sorted = [...rows].sort(newestFirst((row) => row.at));
  assert.deepEqual(
    sorted.map((row) => row.uuid),
    [
      "00000000-0000-4000-8000-00000000000f",
      "0a000000-0000-4000-8000-000000000000",
      "a-0",
      "b0000000-0000-4000-8000-000000000000",
    ],
  );
  const ties = rows.filter((row) => row.at === "2025-01-01T00:00:00Z");
  assert.deepEqual(
    [...ties].sort(newestFirst((row) => row.at)),
    [...ties].sort((a, b) => a.uuid.localeCompare(b.uuid)),
  );
});
