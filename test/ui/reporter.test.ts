import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { createReporter } from "../../src/ui/reporter.ts";

// A terminal-like stream that keeps what was written.
function terminal(): Writable & { isTTY: boolean; columns: number; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { isTTY: true, columns: 200, text: () => text });
}

const org = { uuid: "9b7e2c41-2222-4f0a-8e77-51d2c0ffee01", name: "Org", capabilities: ["chat"] };
const row = (n: number) => ({
  uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  updated_at: "2026-01-01T00:00:00Z",
  name: `chat ${n}`,
});

test("a chat renamed locally is printed but not counted as fetched: 'left' stays right", async () => {
  const stdout = terminal();
  const stderr = terminal();
  const reporter = createReporter({ stdout, stderr, mode: "normal", live: true });
  reporter.accountRead({ organizations: 1, chatOrganizations: 1 });
  reporter.orgListed(org, { listed: 5, toFetch: 3, fullScan: false, api: "v1" });
  reporter.chatRenamedLocally(org, row(1));
  reporter.chatSaved(org, row(2), "new");
  await delay(150); // the status line is redrawn at most ten times a second
  assert.match(stderr.text(), /1\/3 fetched · 2 left/);
  assert.match(stdout.text(), /chat 1\n/);
  reporter.close();
});
