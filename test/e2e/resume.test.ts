import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { tasksAtOnce } from "../../src/sync/chat-queue.ts";
import { createRng, type Rng } from "../fake-claude/rng.ts";
import type { FakeClaude, OrgState } from "../fake-claude/server.ts";
import { readOrgFolder } from "../helpers/backup-tree.ts";
import { assertConsistent } from "../helpers/consistency.ts";
import {
  assertMatchesServer,
  type Entry,
  FAST,
  orgFolder,
  serverChatCount,
} from "../helpers/match-server.ts";
import { type CliResult, startCli, tempDir } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { useScenario, withScenario } from "../helpers/scenario.ts";

// The kill moments come from this seed; a failure prints it, and RESUME_SEED=<seed> replays the run.
const SEED = Number(process.env.RESUME_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`resume.test.ts: kill moments from seed ${SEED} (replay with RESUME_SEED=${SEED})`);

// A CLI run that the test can stop when it has printed `lines` saved chats (or at once when 0).
function startWatched(args: string[], env: Record<string, string>) {
  const run = startCli(args, { env });
  let lines = 0;
  const waiters: { lines: number; resolve: () => void }[] = [];
  let exited = false;
  const wake = () => {
    for (const waiter of [...waiters]) {
      if (exited || lines >= waiter.lines) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  run.child.stdout?.on("data", (chunk: string) => {
    lines += chunk.split("\n").length - 1;
    wake();
  });
  run.child.on("close", () => {
    exited = true;
    wake();
  });
  return {
    ...run,
    lines: () => lines,
    // Resolves once `count` chats were printed as saved, or the process ended.
    saved: (count: number) =>
      new Promise<void>((resolve) => {
        waiters.push({ lines: count, resolve });
        wake();
      }),
  };
}

// Every body the server served for each chat (the world only changes between runs).
function rememberVersions(fake: FakeClaude, versions: Map<string, Set<string>>): void {
  for (const org of fake.chatOrgs()) {
    for (const entry of fake.listEntries(org.uuid) as Entry[]) {
      const bodies = versions.get(entry.uuid) ?? new Set<string>();
      bodies.add(fake.chatBody(org.uuid, entry.uuid));
      versions.set(entry.uuid, bodies);
    }
  }
}

// Chats of the server whose current version the backup does not hold yet.
async function chatsLeft(fake: FakeClaude, root: string): Promise<Entry[]> {
  const left: Entry[] = [];
  for (const org of fake.chatOrgs()) {
    const folder = await readOrgFolder(orgFolder(root, org));
    for (const entry of fake.listEntries(org.uuid) as Entry[]) {
      const body = fake.chatBody(org.uuid, entry.uuid);
      if (!folder.chats.get(entry.uuid)?.some((file) => file.body === body)) left.push(entry);
    }
  }
  return left;
}

// Chats (org uuid, entry) the backup holds in their current version.
async function chatsHeld(fake: FakeClaude, root: string): Promise<{ org: string; entry: Entry }[]> {
  const held: { org: string; entry: Entry }[] = [];
  for (const org of fake.chatOrgs()) {
    const folder = await readOrgFolder(orgFolder(root, org));
    for (const entry of fake.listEntries(org.uuid) as Entry[]) {
      const body = fake.chatBody(org.uuid, entry.uuid);
      if (folder.chats.get(entry.uuid)?.some((file) => file.body === body))
        held.push({ org: org.uuid, entry });
    }
  }
  return held;
}

// The large sync of the issue on the v1 list, and a smaller one on the v2 list (read twice: unstarred
// and starred), where starring a chat moves it from one list to the other.
const KILL_VARIANTS = [
  {
    name: "2 × 150 chats, v1 list",
    fake: { organizations: 2, chatsPerOrg: 150, latencyMs: 8, seed: 4242 },
    kills: [6, 4],
    minKills: 8,
  },
  {
    name: "1 × 80 chats, v2 list",
    fake: { organizations: 1, chatsPerOrg: 80, latencyMs: 8, seed: 4343, v1ListRemoved: true },
    kills: [3, 2],
    minKills: 4,
  },
] as const;

for (const variant of KILL_VARIANTS) {
  describe(`resuming after SIGKILL (${variant.name})`, () => {
    const CONNECTIONS = 4;
    // Chats a kill can catch between request and journal line: those fetched (two per connection: one
    // on the wire, one in line) and those the sync works on meanwhile, written to disk while the
    // connections fetch on.
    const IN_FLIGHT = tasksAtOnce(CONNECTIONS);
    const scenario = useScenario(variant.fake);

    test(`kill -9 at random moments (seed ${SEED}): the folder stays consistent, nothing is fetched twice but in-flight chats`, async (t) => {
      const { fake, backup, env } = scenario;
      t.diagnostic(`seed ${SEED}: replay with RESUME_SEED=${SEED}`);
      const rng: Rng = createRng(SEED);
      const args = [backup, "-c", String(CONNECTIONS), ...FAST];
      const versions = new Map<string, Set<string>>();
      rememberVersions(fake, versions);
      const kept = new Map<string, string>(); // chats deleted on the server whose files must stay
      // Each chat version must be fetched once; a kill may add one more fetch per chat in flight.
      let mustFetch = serverChatCount(fake);
      let kills = 0;
      let unrecorded = 0;
      const log: string[] = [];

      // One run, SIGKILLed either early (from the account request on: listing, state writes, the first
      // chats) or after a random number of saved chats. Returns whether it was killed before finishing.
      const killedRun = async (label: string): Promise<boolean> => {
        const left = (await chatsLeft(fake, backup)).length;
        const chatRequests = fake.count("chat");
        const accounts = fake.count("account");
        const run = startWatched(args, env);
        let moment: string;
        if (rng.chance(0.3)) {
          while (fake.count("account") === accounts && run.child.exitCode === null) await sleep(1);
          const ms = rng.int(0, 80);
          await sleep(ms);
          moment = `${ms} ms after the account request`;
        } else {
          const target = rng.int(1, Math.max(1, Math.floor(left * 0.4)));
          await run.saved(target);
          const extra = rng.int(0, 10);
          await sleep(extra);
          moment = `${target} chats printed + ${extra} ms`;
        }
        run.child.kill("SIGKILL");
        const result: CliResult = await run.done;
        const killed = result.signal === "SIGKILL";
        if (killed) kills++;
        else
          assert.equal(
            result.code,
            0,
            `${label}: the run ended before the kill, but not well:\n${result.stderr}`,
          );
        const report = await assertConsistent(backup, {
          versions,
          completed: !killed,
          maxUnrecorded: unrecorded + IN_FLIGHT,
        });
        unrecorded = report.unrecorded;
        log.push(
          `${label}: ${killed ? "killed" : "finished"} at ${moment}, ${run.lines()} printed, ${fake.count("chat") - chatRequests} chat requests, ${left} were left, ${report.chatFiles} chat files, ${report.tempFiles.length} temp files`,
        );
        return killed;
      };

      try {
        // Phase 1: the first, complete sync (a full walk of the lists), killed again and again.
        let mutated = false;
        for (
          let attempt = 0, phaseKills = 0;
          (phaseKills < variant.kills[0] || !mutated) && attempt < 3 * variant.kills[0];
          attempt++
        ) {
          if (!(await killedRun(`first sync, run ${attempt + 1}`))) continue;
          const held = shuffled(await chatsHeld(fake, backup), rng);
          if (++phaseKills >= Math.min(3, variant.kills[0]) && !mutated && held.length >= 10) {
            mutated = true;
            // The world moves between two interrupted runs: chats already saved change, many are
            // renamed (each file must be renamed, never doubled, whenever the kill comes) and one is new.
            const [a, b, s1, s2, ...renamed] = held.slice(0, 44);
            assert.ok(a && b && s1 && s2);
            // Starred: a full walk sees the row change (v2: the chat moves to the starred list).
            fake.starChat(s1.org, s1.entry.uuid, true);
            fake.starChat(s2.org, s2.entry.uuid, true);
            fake.updateChat(a.org, a.entry.uuid);
            fake.updateChat(b.org, b.entry.uuid);
            for (const chat of renamed) {
              fake.renameChat(
                chat.org,
                chat.entry.uuid,
                `Renamed while interrupted: ${chat.entry.name ?? ""} v2.0`,
              );
            }
            const orgB = fake.chatOrgs().at(-1);
            assert.ok(orgB);
            fake.createChat(orgB.uuid, { name: "Created while interrupted" });
            fake.renameOrg(orgB.uuid, "Research / Ops: renamed while interrupted");
            mustFetch += 4 + renamed.length + 1;
            rememberVersions(fake, versions);
            log.push(
              `mutated: updated ${a.entry.uuid} ${b.entry.uuid}, renamed ${renamed.length}, created one, renamed an organization`,
            );
          }
        }
        assert.ok(mutated, "the world changed between two kills");
        const whole = await runInProcess(args, { env });
        assert.equal(whole.code, 0, whole.stderr);
        await assertMatchesServer(fake, backup);
        unrecorded = (await assertConsistent(backup, { versions, completed: true, maxUnrecorded: 0 }))
          .unrecorded;

        // Phase 2: an incremental sync with many new chats. The walk stops at the first chat it holds,
        // which after a kill is near the top of the list: only the saved list of pending rows knows
        // about the older new chats below it.
        const [orgA] = fake.chatOrgs();
        const orgB = fake.chatOrgs().at(-1);
        assert.ok(orgA && orgB);
        for (let i = 0; i < 50; i++) fake.createChat(orgA.uuid, { name: `New chat ${i}` });
        for (let i = 0; i < 10; i++) fake.createChat(orgB.uuid, { name: `New chat in B ${i}.md` });
        const oldest = (fake.listEntries(orgA.uuid) as Entry[]).slice(-4);
        for (const entry of oldest.slice(0, 3)) fake.updateChat(orgA.uuid, entry.uuid);
        const gone = oldest[3];
        assert.ok(gone);
        fake.deleteChat(orgA.uuid, gone.uuid);
        kept.set(gone.uuid, orgA.uuid);
        mustFetch += 63;
        rememberVersions(fake, versions);
        for (
          let attempt = 0, phaseKills = 0;
          phaseKills < variant.kills[1] && attempt < 2 * variant.kills[1];
          attempt++
        ) {
          if (!(await killedRun(`incremental sync, run ${attempt + 1}`))) continue;
          if (++phaseKills === 2) {
            // A chat still waiting to be fetched is updated, another is deleted (404: not an error).
            const waiting = await chatsLeft(fake, backup);
            const update = waiting.length > 0 ? rng.pick(waiting) : undefined;
            const remove = waiting.find((entry) => entry !== update);
            if (update) fake.updateChat(orgOf(fake, update.uuid).uuid, update.uuid);
            if (remove) {
              const org = orgOf(fake, remove.uuid);
              const folder = await readOrgFolder(orgFolder(backup, org));
              if (folder.chats.has(remove.uuid)) kept.set(remove.uuid, org.uuid); // an older version stays
              fake.deleteChat(org.uuid, remove.uuid);
            }
            mustFetch += 2;
            rememberVersions(fake, versions);
            log.push(`mutated: updated ${update?.uuid} and deleted ${remove?.uuid}, both waiting`);
          }
        }

        const final = await runInProcess(args, { env });
        assert.equal(final.code, 0, final.stderr);
        await assertMatchesServer(fake, backup, kept);
        await assertConsistent(backup, { versions, completed: true, maxUnrecorded: 0 });
        assert.ok(kills >= variant.minKills, `only ${kills} runs were killed mid-sync`);
        const fetched = fake.count("chat");
        assert.ok(
          fetched <= mustFetch + kills * IN_FLIGHT,
          `${fetched} chat requests for ${mustFetch} chat versions and ${kills} kills of ${IN_FLIGHT} chats in flight`,
        );
        const again = await runInProcess(args, { env });
        assert.equal(again.code, 0, again.stderr);
        assert.equal(again.stdout, "", "nothing is left for a later run");
        t.diagnostic(`${kills} kills, ${fetched} chat requests for ${mustFetch} chat versions`);
        if (process.env.RESUME_LOG) t.diagnostic(log.join("\n"));
      } catch (error) {
        t.diagnostic(`seed ${SEED}; runs:\n${log.join("\n")}`);
        throw error;
      }
    });
  });
}

// The organization that holds a chat on the server.
function orgOf(fake: FakeClaude, chatUuid: string): OrgState {
  const org = fake.chatOrgs().find((o) => o.chats.has(chatUuid));
  assert.ok(org, `no organization holds ${chatUuid}`);
  return org;
}

// The items in an order drawn from `rng`.
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("Ctrl-C", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    test(`${signal} stops politely with exit code 130, saves the state, and the next run fetches only what is left`, async () => {
      await withScenario(
        { organizations: 1, chatsPerOrg: 80, latencyMs: 10, seed: 31 },
        async ({ fake, backup, env }) => {
          const args = [backup, "-c", "2", ...FAST];
          const run = startWatched(args, env);
          await run.saved(15);
          run.child.kill(signal);
          const first = await run.done;
          assert.equal(first.code, EXIT_CODES.interrupted, first.stderr);
          assert.match(first.stderr, /interrupted/);
          const saved = first.stdout.trim().split("\n").length;
          assert.ok(saved >= 15 && saved < 80, `${saved} chats saved before the interruption`);
          const [org] = fake.chatOrgs();
          assert.ok(org);
          // In-flight writes finished, the list file and the state say what is held and what is left.
          await assertConsistent(backup, {
            versions: new Map(
              (fake.listEntries(org.uuid) as Entry[]).map((e) => [
                e.uuid,
                new Set([fake.chatBody(org.uuid, e.uuid)]),
              ]),
            ),
            completed: true,
            maxUnrecorded: 0,
          });
          const list = JSON.parse(
            await readFile(join(orgFolder(backup, org), "chat_conversations.json"), "utf8"),
          );
          assert.equal(list.length, saved);
          const state = JSON.parse(await readFile(join(backup, ".claude-backup", "state.json"), "utf8"));
          assert.equal(state.orgs[org.uuid].pending.length, 80 - saved);
          assert.match(first.stderr, new RegExp(`${80 - saved} left for the next run`));

          fake.resetRequests();
          const second = await runInProcess(args, { env });
          assert.equal(second.code, 0, second.stderr);
          assert.equal(fake.count("chat"), 80 - saved, "only the chats not saved before Ctrl-C are fetched");
          await assertMatchesServer(fake, backup);
        },
      );
    });
  }

  test("a second Ctrl-C stops at once with exit code 130, and the folder is still consistent", async () => {
    await withScenario(
      { organizations: 1, chatsPerOrg: 80, latencyMs: 10, seed: 34 },
      async ({ fake, backup, env }) => {
        const run = startWatched([backup, "-c", "4", ...FAST], env);
        await run.saved(10);
        run.child.kill("SIGINT");
        run.child.kill("SIGINT");
        const first = await run.done;
        assert.equal(first.code, EXIT_CODES.interrupted, first.stderr);
        const versions = new Map<string, Set<string>>();
        rememberVersions(fake, versions);
        await assertConsistent(backup, {
          versions,
          completed: false,
          maxUnrecorded: tasksAtOnce(4),
        });
        const second = await runInProcess([backup, ...FAST], { env });
        assert.equal(second.code, 0, second.stderr);
        await assertMatchesServer(fake, backup);
        await assertConsistent(backup, { versions, completed: true, maxUnrecorded: 0 });
      },
    );
  });

  test("SIGINT while the account is being fetched stops the run before any chat", async () => {
    await withScenario({ organizations: 1, chatsPerOrg: 10, seed: 32 }, async ({ fake, backup, env }) => {
      fake.injectFault("account", { type: "slow", ms: 400 }, 1);
      const run = startWatched([backup, ...FAST], env);
      while (fake.count("account") === 0) await sleep(5);
      run.child.kill("SIGINT");
      const result = await run.done;
      assert.equal(result.code, EXIT_CODES.interrupted, result.stderr);
      assert.equal(fake.count("chat"), 0);
    });
  });
});

describe("the lock", () => {
  // Its backup folder goes unused: each test takes a lock on a folder of its own.
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 30, seed: 33 });

  test("a second run on the same folder fails with exit code 10 while the first is running", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      // Slow enough (30 chats one at a time, 250 ms each) that the first run is still going while a second
      // Node starts on a loaded machine; the latency drops as soon as the second has answered.
      fake.setLatency(250);
      const first = startWatched([backup.path, "-c", "1", ...FAST], env);
      await first.saved(1);
      const second = await runInProcess([backup.path, ...FAST], { env });
      assert.equal(second.code, EXIT_CODES.locked, second.stderr);
      assert.match(second.stderr, /another claude-backup \(pid \d+/);
      assert.equal(second.stderr.trim().split("\n").length, 1, second.stderr);
      fake.setLatency(0);
      const result = await first.done;
      assert.equal(result.code, 0, result.stderr);
      await assertMatchesServer(fake, backup.path);
    } finally {
      fake.setLatency(0);
      await backup.cleanup();
    }
  });

  test("a stale lock (its process is dead) is taken over", async () => {
    const { fake, env } = scenario;
    const backup = await tempDir();
    try {
      // A run killed with SIGKILL leaves its lock behind.
      fake.setLatency(20);
      const killed = startWatched([backup.path, "-c", "1", ...FAST], env);
      await killed.saved(2);
      killed.child.kill("SIGKILL");
      await killed.done;
      fake.setLatency(0);
      const lockPath = join(backup.path, ".claude-backup", "lock");
      const left = JSON.parse(await readFile(lockPath, "utf8"));
      assert.equal(left.pid, killed.child.pid);
      const result = await runInProcess([backup.path, ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      await assertMatchesServer(fake, backup.path);

      // A lock written by a process that has exited (another pid) is stale as well.
      const pid = await deadPid();
      await writeFile(
        lockPath,
        JSON.stringify({ pid, hostname: hostname(), startedAt: new Date().toISOString() }),
      );
      const again = await runInProcess([backup.path, ...FAST], { env });
      assert.equal(again.code, 0, again.stderr);
      await assert.rejects(readFile(lockPath), "the lock is released at the end");
    } finally {
      fake.setLatency(0);
      await backup.cleanup();
    }
  });
});

// The pid of a process that has just exited.
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  assert.ok(child.pid);
  return child.pid;
}
