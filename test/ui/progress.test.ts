import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { createProgress, statusLine } from "../../src/ui/progress.ts";

const counts = {
  organizations: 3,
  organizationsListed: 1,
  listed: 1200,
  toFetch: 800,
  fetched: 340,
  failed: 0,
  retrying: 0,
};

test("the status line shows counts, rate and ETA", () => {
  assert.equal(statusLine(counts, 0), "orgs 1/3 · 1200 listed · 340/800 fetched · 460 left");
  assert.equal(
    statusLine({ ...counts, failed: 2, retrying: 1 }, 10_000),
    "orgs 1/3 · 1200 listed · 340/800 fetched · 460 left · 2 failed · 1 retrying · 34.0 chats/s · ETA 14s",
  );
});

test("other output clears the line first and the line comes back", async () => {
  let text = "";
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { columns: 200 },
  );
  const progress = createProgress(stream);
  progress.counts.organizations = 1;
  progress.changed();
  await delay(150);
  assert.match(text, /orgs 0\/1/);
  progress.around(() => stream.write("a line\n"));
  // cleared, the line written, and the status line drawn again under it at once
  assert.ok(
    text.endsWith("\r\x1b[Ka line\norgs 0/1 · 0 listed · 0/0 fetched · 0 left"),
    JSON.stringify(text.slice(-80)),
  );
  progress.stop();
  assert.ok(
    text.endsWith("a line\norgs 0/1 · 0 listed · 0/0 fetched · 0 left\r\x1b[K"),
    "stop() removes the line",
  );
});
