import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { renameSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { tasksAtOnce } from "../../src/sync/chat-queue.ts";
import { MAX_FAILURES_IN_A_ROW, REQUESTS_PER_CONNECTION } from "../../src/sync/task-queue.ts";
import type { FakeClaude, FakeClaudeOptions } from "../fake-claude/server.ts";
import { readOrgFolder } from "../helpers/backup-tree.ts";
import { assertConsistent } from "../helpers/consistency.ts";
import {
  assertMatchesServer,
  type Entry,
  envFor,
  FAST,
  orgFolder,
  serverChatCount,
} from "../helpers/match-server.ts";
import { type CliResult, startCli } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { type Setup, withScenario } from "../helpers/scenario.ts";

// Every test here starts from one chat organization unless it asks for more.
function withFake(options: FakeClaudeOptions, body: (setup: Setup) => Promise<void>): Promise<void> {
  return withScenario({ organizations: 1, ...options }, body);
}

// Matches the detail request of one or more chats (a path ends with the uuid, then the query).
function chatPath(...uuids: string[]): RegExp {
  return new RegExp(`/chat_conversations/(?:${uuids.join("|")})\\?`);
}

// Requests for one chat's detail, in arrival order.
function chatRequests(fake: FakeClaude, uuid: string) {
  return fake.requests.filter((r) => r.kind === "chat" && r.path.endsWith(`/${uuid}`));
}

// Every version the server has served so far, for the consistency check.
function versionsOf(fake: FakeClaude, seen = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const org of fake.chatOrgs()) {
    for (const entry of fake.listEntries(org.uuid) as Entry[]) {
      const bodies = seen.get(entry.uuid) ?? new Set<string>();
      bodies.add(fake.chatBody(org.uuid, entry.uuid));
      seen.set(entry.uuid, bodies);
    }
  }
  return seen;
}

// The lines of stderr that are the error message (main.ts writes it as `claude-backup: …`).
function errorLines(result: CliResult): string[] {
  return result.stderr.split("\n").filter((line) => line.startsWith("claude-backup:"));
}

// Asserts that a fatal error was told in one line, without a stack trace.
function assertOneLineError(result: CliResult, pattern: RegExp): void {
  const lines = errorLines(result);
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? "", pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
}

// Starts a run and resolves once it printed `count` saved chats (or ended).
function startAndWait(args: string[], env: Record<string, string>, count: number) {
  const run = startCli(args, { env });
  let lines = 0;
  const reached = new Promise<void>((resolve) => {
    run.child.stdout?.on("data", (chunk: string) => {
      lines += chunk.split("\n").length - 1;
      if (lines >= count) resolve();
    });
    run.child.on("close", () => resolve());
  });
  return { ...run, reached };
}

describe("transient failures are retried", () => {
  test("a 429's Retry-After is waited out, by every connection", async () => {
    await withFake({ chatsPerOrg: 10, seed: 41 }, async ({ fake, backup, env, entries }) => {
      const [first] = entries;
      assert.ok(first);
      fake.injectFault(chatPath(first.uuid), { type: "rate_limit", retryAfter: "1" }, 1);
      const result = await runInProcess([backup, "-c", "2", ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      await assertMatchesServer(fake, backup);
      const [limited, retried] = chatRequests(fake, first.uuid);
      assert.ok(limited && retried);
      assert.equal(limited.fault, "rate_limit");
      // At least the header's second (minus 5 ms for the granularity of timers and clocks), although
      // --max-retry-delay is 0.05 s.
      const waited = retried.at - limited.at;
      assert.ok(waited >= 995, `the retry came after ${waited} ms`);
      // A 429 slows everyone down: the other connection sent nothing new during the pause either (a
      // request already on its way when the 429 came may arrive a little later, hence the 250 ms).
      const during = fake.requests.filter((r) => r.at > limited.at + 250 && r.at < limited.at + 990);
      assert.deepEqual(
        during.map((r) => r.path),
        [],
        "requests sent while claude.ai asked to wait",
      );
      assert.match(result.stderr, /rate limited \(HTTP 429\)/);
    });
  });

  test("Ctrl-C during a long Retry-After stops at once with exit code 130", async () => {
    await withFake({ chatsPerOrg: 6, seed: 40 }, async ({ fake, backup, env }) => {
      fake.injectFault("chat", { type: "rate_limit", retryAfter: "30" }, 1);
      const run = startCli([backup, ...FAST], { env });
      while (!fake.requests.some((r) => r.fault === "rate_limit")) await sleep(5);
      await sleep(200); // the answer is in and every connection waits
      const sent = Date.now();
      run.child.kill("SIGINT");
      const result = await run.done;
      assert.equal(result.code, EXIT_CODES.interrupted, result.stderr);
      assert.ok(Date.now() - sent < 3000, `stopped ${Date.now() - sent} ms after Ctrl-C`);
      await assertConsistent(backup, { versions: versionsOf(fake), completed: true, maxUnrecorded: 0 });
    });
  });

  test("5xx, resets, truncated and malformed bodies are retried and the backup is correct", async () => {
    await withFake({ chatsPerOrg: 12, seed: 42 }, async ({ fake, backup, env, entries }) => {
      const plan = [
        { type: "status", status: 500, times: 2 },
        { type: "status", status: 502, times: 1 },
        { type: "status", status: 503, times: 1 },
        { type: "status", status: 504, times: 1 },
        { type: "reset", times: 2 },
        { type: "truncate", times: 2 },
        { type: "malformed", times: 2 },
      ] as const;
      plan.forEach((fault, i) => {
        const entry = entries[i];
        assert.ok(entry);
        fake.injectFault(chatPath(entry.uuid), fault, fault.times);
      });
      fake.injectFault("account", { type: "reset" }, 1);
      fake.injectFault("list_v1", { type: "truncate" }, 1);
      const result = await runInProcess([backup, ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      await assertMatchesServer(fake, backup);
      plan.forEach((fault, i) => {
        const entry = entries[i];
        assert.ok(entry);
        const requests = chatRequests(fake, entry.uuid);
        assert.equal(requests.length, fault.times + 1, `${fault.type}: one more request than faults`);
        assert.equal(requests.filter((r) => r.fault !== undefined).length, fault.times);
      });
    });
  });

  test("a body that does not parse is never saved; failed chats are retried next run, alone", async () => {
    await withFake({ chatsPerOrg: 12, seed: 43 }, async ({ fake, backup, env, org, entries }) => {
      assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
      const before = await readOrgFolder(orgFolder(backup, org));
      const versions = versionsOf(fake);
      const [updated, fine] = entries.slice(-2);
      assert.ok(updated && fine);
      fake.updateChat(org.uuid, updated.uuid);
      fake.updateChat(org.uuid, fine.uuid);
      const created = fake.createChat(org.uuid, { name: "Cut short" });
      fake.injectFault(chatPath(updated.uuid), { type: "malformed" }, 1000);
      fake.injectFault(chatPath(created), { type: "truncate" }, 1000);
      const result = await runInProcess([backup, ...FAST, "-r", "2"], { env });
      assert.equal(result.code, EXIT_CODES.partial, result.stderr);
      assert.match(result.stderr, new RegExp(`chat ${updated.uuid} could not be saved.*not valid JSON`));
      assert.match(result.stderr, new RegExp(`chat ${created} could not be saved`));
      assert.match(result.stderr, /2 failed, 2 left for the next run/);
      const after = await readOrgFolder(orgFolder(backup, org));
      assert.deepEqual(after.chats.get(updated.uuid), before.chats.get(updated.uuid), "the old copy stays");
      assert.equal(after.chats.get(created), undefined, "nothing is saved for a body that was cut");
      await assertConsistent(backup, {
        versions: versionsOf(fake, versions),
        completed: true,
        maxUnrecorded: 0,
      });

      fake.clearFaults();
      fake.resetRequests();
      const next = await runInProcess([backup, ...FAST], { env });
      assert.equal(next.code, 0, next.stderr);
      // Both are fetched at once, so the order they reach the server in is not fixed.
      assert.deepEqual(
        fake.requests
          .filter((r) => r.kind === "chat")
          .map((r) => r.path.split("/").at(-1))
          .sort(),
        [created, updated.uuid].sort(),
        "only the failed chats are fetched again",
      );
      await assertMatchesServer(fake, backup);
    });
  });
});

describe("a chat deleted between list and fetch (404)", () => {
  test("is not an error, and its local copy is kept", async () => {
    await withFake(
      { chatsPerOrg: 10, seed: 44, latencyMs: 5 },
      async ({ fake, backup, env, org, entries }) => {
        assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
        const before = await readOrgFolder(orgFolder(backup, org));
        const [gone, refused] = entries.slice(-2);
        assert.ok(gone && refused);
        fake.updateChat(org.uuid, gone.uuid);
        fake.updateChat(org.uuid, refused.uuid);
        const fresh = fake.createChat(org.uuid, { name: "Deleted at once" });
        // Deleted right after the list page that shows them is answered, before their fetch arrives.
        let deleted = false;
        fake.onListPage = () => {
          if (deleted) return;
          deleted = true;
          setImmediate(() => {
            fake.deleteChat(org.uuid, gone.uuid);
            fake.deleteChat(org.uuid, fresh);
          });
        };
        // And one that still exists is refused once (a 404 from a replica that lags behind).
        fake.injectFault(chatPath(refused.uuid), { type: "not_found" }, 1);
        const result = await runInProcess([backup, ...FAST], { env });
        fake.onListPage = undefined;
        assert.equal(result.code, 0, result.stderr);
        for (const uuid of [gone.uuid, fresh, refused.uuid]) {
          assert.match(result.stderr, new RegExp(`chat ${uuid} .*deleted on claude.ai while we read it`));
        }
        const after = await readOrgFolder(orgFolder(backup, org));
        assert.deepEqual(after.chats.get(gone.uuid), before.chats.get(gone.uuid), "the deleted chat is kept");
        assert.deepEqual(after.chats.get(refused.uuid), before.chats.get(refused.uuid));
        assert.equal(after.chats.get(fresh), undefined);

        // The next run fetches the chat that was only refused; the deleted one stays as it was.
        fake.resetRequests();
        const next = await runInProcess([backup, ...FAST], { env });
        assert.equal(next.code, 0, next.stderr);
        assert.equal(fake.count("chat"), 1);
        await assertMatchesServer(fake, backup, new Map([[gone.uuid, org.uuid]]));
      },
    );
  });
});

describe("failures that stop the run", () => {
  test("a session key that expires mid-run stops at once (exit 4); the next run with a new key fetches only the rest", async () => {
    await withFake({ organizations: 2, chatsPerOrg: 40, seed: 45, latencyMs: 10 }, async (setup) => {
      const { fake, backup } = setup;
      const total = serverChatCount(fake);
      const run = startAndWait([backup, "-c", "2", ...FAST], setup.env, 10);
      await run.reached;
      fake.setSessionKey("sk-ant-sid02-FAKE-a-new-key-after-logging-in-again-0001");
      const changed = Date.now();
      const first = await run.done;
      assert.equal(first.code, EXIT_CODES.sessionRejected, first.stderr);
      assert.ok(Date.now() - changed < 3000, `stopped ${Date.now() - changed} ms after the key expired`);
      assertOneLineError(first, /rejected the session key from CLAUDE_SESSION_KEY/);
      const rejected = fake.requests.filter((r) => r.at >= changed && r.status === 403);
      assert.ok(rejected.length <= 2, `${rejected.length} requests after the first rejection: no retries`);
      const saved = first.stdout.trim().split("\n").length;
      assert.ok(saved >= 10 && saved < total, `${saved} chats saved`);
      await assertConsistent(backup, { versions: versionsOf(fake), completed: true, maxUnrecorded: 0 });

      fake.resetRequests();
      const second = await runInProcess([backup, ...FAST], { env: envFor(fake, setup.home) });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(fake.count("chat"), total - saved, "the chats saved before the key expired are kept");
      await assertMatchesServer(fake, backup);
    });
  });

  test("a server that keeps refusing: stop early (exit 6), keep what was saved, retry only the rest", async () => {
    await withFake({ chatsPerOrg: 10, seed: 46 }, async ({ fake, backup, env, org, entries }) => {
      assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
      const before = await readOrgFolder(orgFolder(backup, org));
      const versions = versionsOf(fake);
      for (const entry of entries.slice(0, 5)) fake.updateChat(org.uuid, entry.uuid);
      for (let i = 0; i < 15; i++) fake.createChat(org.uuid);
      fake.injectFault("chat", { type: "status", status: 503 }, 10_000);
      fake.resetRequests();
      const started = Date.now();
      const first = await runInProcess([backup, "-c", "2", ...FAST, "-r", "1"], { env });
      assert.equal(first.code, EXIT_CODES.serverUnavailable, first.stderr);
      assert.ok(Date.now() - started < 10_000);
      assertOneLineError(first, /keeps refusing.*stopped early, everything saved so far is kept/);
      assert.match(first.stderr, /20 left for the next run/);
      // Every chat tried either failed (the third failure stops the run) or held one of the other
      // request slots (2 connections × REQUESTS_PER_CONNECTION) when it stopped, each with both
      // attempts at most: (3 + 4 − 1) chats × 2 = 12, where a blind run would make 20 × 2. Which
      // of them got a second attempt depends on the backoff's jitter, so the bound is not tighter.
      const tries = fake.requests.filter((r) => r.kind === "chat").length;
      const bound = (MAX_FAILURES_IN_A_ROW + 2 * REQUESTS_PER_CONNECTION - 1) * 2;
      assert.ok(tries <= bound, `${tries} refused requests before stopping (at most ${bound})`);
      const after = await readOrgFolder(orgFolder(backup, org));
      assert.deepEqual(after.chats, before.chats, "every chat saved before is kept as it was");
      await assertConsistent(backup, {
        versions: versionsOf(fake, versions),
        completed: true,
        maxUnrecorded: 0,
      });

      fake.clearFaults();
      fake.resetRequests();
      const second = await runInProcess([backup, ...FAST], { env });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(fake.count("chat"), 20, "only the failed and untried chats are fetched");
      await assertMatchesServer(fake, backup);
    });
  });

  test("a Cloudflare challenge mid-run stops quickly with exit 5 and keeps what was saved", async () => {
    await withFake({ chatsPerOrg: 20, seed: 47 }, async ({ fake, backup, env, entries }) => {
      const challenged = entries.slice(10).map((e) => e.uuid);
      fake.injectFault(chatPath(...challenged), { type: "cloudflare" }, 10_000);
      const started = Date.now();
      const first = await runInProcess([backup, "-c", "2", ...FAST], { env });
      assert.equal(first.code, EXIT_CODES.blocked, first.stderr);
      assert.ok(Date.now() - started < 10_000);
      assertOneLineError(first, /Cloudflare challenge/);
      const tries = fake.requests.filter((r) => r.fault === "cloudflare").length;
      assert.ok(tries <= 6, `${tries} challenged requests: a challenge is not hammered`);
      await assertConsistent(backup, { versions: versionsOf(fake), completed: true, maxUnrecorded: 0 });

      fake.clearFaults();
      fake.resetRequests();
      const second = await runInProcess([backup, ...FAST], { env });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(fake.count("chat"), challenged.length);
      await assertMatchesServer(fake, backup);
    });
  });
});

describe("the backup folder cannot be written", () => {
  test("a folder under a regular file: exit 9 and one line saying why", async () => {
    await withFake({ chatsPerOrg: 3, seed: 48 }, async ({ fake, backup, env }) => {
      await writeFile(join(backup, "a-file"), "not a folder");
      const result = await runInProcess([join(backup, "a-file", "backup"), ...FAST], { env });
      assert.equal(result.code, EXIT_CODES.storage, result.stderr);
      assertOneLineError(result, /a part of the path is a file, not a folder \(ENOTDIR\)/);
      assert.equal(fake.count("chat"), 0);
    });
  });

  test("a folder that becomes unwritable mid-run: exit 9, nothing corrupted, the next run carries on", async () => {
    await withFake({ chatsPerOrg: 12, seed: 49 }, async ({ fake, backup, env, org, entries }) => {
      assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
      const versions = versionsOf(fake);
      for (const entry of entries.slice(-3)) fake.updateChat(org.uuid, entry.uuid);
      versionsOf(fake, versions);
      // Once the run has read the folder and lists the chats, the chat folder turns into a file.
      const chats = join(orgFolder(backup, org), "chat_conversations");
      const moved = `${chats}.away`;
      fake.onListPage = () => {
        fake.onListPage = undefined;
        renameSync(chats, moved);
        writeFileSync(chats, "in the way");
      };
      const result = await runInProcess([backup, ...FAST], { env });
      fake.onListPage = undefined;
      assert.equal(result.code, EXIT_CODES.storage, result.stderr);
      assertOneLineError(
        result,
        /cannot write .*chat_conversations.*a part of the path is a file, not a folder \(ENOTDIR\)/,
      );
      await rm(chats);
      await rename(moved, chats);
      await assertConsistent(backup, { versions, completed: true, maxUnrecorded: 0 });

      fake.resetRequests();
      const next = await runInProcess([backup, ...FAST], { env });
      assert.equal(next.code, 0, next.stderr);
      assert.equal(fake.count("chat"), 3);
      await assertMatchesServer(fake, backup);
    });
  });

  test("a full disk: exit 9, nothing corrupted, the next run carries on", async (t) => {
    await withFake({ chatsPerOrg: 40, seed: 50 }, async ({ fake, backup, env }) => {
      const mount = join(backup, "small-disk");
      await mkdir(mount);
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=96k,mode=0700", "tmpfs", mount], {
          stdio: "ignore",
        });
      } catch {
        t.skip("cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)");
        return;
      }
      try {
        const root = join(mount, "backup");
        const result = await runInProcess([root, "-c", "2", ...FAST], { env });
        assert.equal(result.code, EXIT_CODES.storage, result.stderr);
        // The write that hit the full disk is named (a chat, or a file's blob or manifest, whichever came
        // first), not the list file that could not be saved after it.
        assertOneLineError(
          result,
          /cannot write .*(chat_conversations|file_manifests|files\/sha256)\/.*: the disk is full \(ENOSPC\)/,
        );
        assert.match(result.stderr, /left for the next run/);
        const versions = versionsOf(fake);
        // The run stopped where it was: maybe without rewriting the list file, but no temp file is left.
        // Chats written but not yet journaled (in flight, or waiting for their journal batch) are
        // fetched again by the next run: at most as many as the run works on at once.
        const inFlight = tasksAtOnce(2);
        const report = await assertConsistent(root, { versions, completed: false, maxUnrecorded: inFlight });
        assert.deepEqual(report.tempFiles, []);
        t.diagnostic(`${result.stdout.split("\n").length - 1} chats saved before the disk was full`);

        execFileSync("mount", ["-o", "remount,size=16m", mount]);
        const before = fake.count("chat");
        const saved = result.stdout.trim().split("\n").filter(Boolean).length;
        const next = await runInProcess([root, ...FAST], { env });
        assert.equal(next.code, 0, next.stderr);
        assert.ok(fake.count("chat") - before <= serverChatCount(fake) - saved + inFlight);
        await assertMatchesServer(fake, root);
        await assertConsistent(root, { versions, completed: true, maxUnrecorded: 0 });
      } finally {
        execFileSync("umount", [mount]);
      }
    });
  });
});

describe("soak: 20 % of all requests fail", () => {
  test("two syncs with changes in between end with a backup identical to the server", async () => {
    await withFake({ organizations: 2, chatsPerOrg: 60, seed: 51, faultRate: 0.2 }, async (setup) => {
      const { fake, backup, env } = setup;
      const args = [backup, ...FAST, "-r", "20"];
      const first = await runInProcess(args, { env });
      assert.equal(first.code, 0, first.stderr);
      await assertMatchesServer(fake, backup);
      const faults = fake.requests.filter((r) => r.fault !== undefined).length;
      assert.ok(faults >= 10, `only ${faults} faults were played`);

      const versions = versionsOf(fake);
      const kept = new Map<string, string>();
      for (const org of fake.chatOrgs()) {
        const rows = fake.listEntries(org.uuid) as Entry[];
        rows.slice(-5).forEach((entry, i) => {
          if (i < 3) fake.updateChat(org.uuid, entry.uuid);
          else fake.renameChat(org.uuid, entry.uuid, `Soaked: ${entry.name ?? ""}`);
        });
        const gone = rows[10];
        assert.ok(gone);
        fake.deleteChat(org.uuid, gone.uuid);
        kept.set(gone.uuid, org.uuid);
        for (let i = 0; i < 4; i++) fake.createChat(org.uuid);
      }
      const second = await runInProcess(args, { env });
      assert.equal(second.code, 0, second.stderr);
      await assertMatchesServer(fake, backup, kept);
      const full = await runInProcess([...args, "--full-scan"], { env });
      assert.equal(full.code, 0, full.stderr);
      await assertMatchesServer(fake, backup, kept);
      await assertConsistent(backup, {
        versions: versionsOf(fake, versions),
        completed: true,
        maxUnrecorded: 0,
      });
    });
  });
});
