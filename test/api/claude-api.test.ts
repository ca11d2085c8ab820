import assert from "node:assert/strict";
import { test } from "node:test";
import { createClaudeApi } from "../../src/api/claude-api.ts";
import type { HttpClient } from "../../src/http/client.ts";

// A client that answers every list request with the given rows, as JSON.parse would make them.
function answering(rows: unknown[]): HttpClient {
  const text = JSON.stringify(rows);
  return {
    async getJson() {
      return { body: Buffer.from(text), json: JSON.parse(text) };
    },
    async download() {
      throw new Error("not in this test");
    },
  };
}

const row = (n: number, settings: unknown, project: string | null) => ({
  uuid: `00000000-0000-4000-8000-00000000000${n}`,
  name: `chat ${n}`,
  model: "claude-sonnet-4-5-20250929",
  created_at: "2026-01-01T00:00:00.000000Z",
  updated_at: `2026-01-0${n}T00:00:00.000000Z`,
  settings,
  is_starred: false,
  project_uuid: project,
  platform: "CLAUDE_AI",
});

test("list rows share their repeated values, and their JSON stays exactly as served", async () => {
  const project = "11111111-1111-4111-8111-111111111111";
  const rows = [
    row(1, { enabled_web_search: true, paprika_mode: null }, project),
    row(2, { enabled_web_search: true, paprika_mode: null }, project),
    row(3, { enabled_web_search: false, paprika_mode: null }, null),
  ];
  const api = createClaudeApi(answering(rows));
  const page = await api.listPage("org", { api: "v1", limit: 3, offset: 0 });
  const [a, b, c] = page.entries;
  assert.ok(a && b && c);
  assert.equal(a.settings, b.settings, "equal settings are one object");
  assert.notEqual(a.settings, c.settings, "different settings stay apart");
  assert.deepEqual(
    page.entries.map((entry) => JSON.stringify(entry)),
    rows.map((r) => JSON.stringify(r)),
  );
  // A second page reuses what the first one kept.
  const again = await api.listPage("org", { api: "v1", limit: 3, offset: 0 });
  assert.equal(again.entries[0]?.settings, a.settings);
});
