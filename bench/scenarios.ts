// The benchmark's runs, each against the fake claude.ai through the real CLI. Each returns what it
// measured; bench.ts prints them.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { FakeClaude } from "../test/fake-claude/server.ts";
import type { ChildUsage } from "./run-child.ts";
import { type ChildRun, runBackupCli } from "./run-child.ts";

// Everything a run needs: the server, an empty HOME, and a folder for backups and usage files.
export interface BenchContext {
  fake: FakeClaude;
  home: string;
  scratch: string;
  connections: number; // the CLI's default -c
  latencyMs: number; // the fake's latency per request
  cli: string; // the built cli.js to measure
}

export interface Measurement {
  label: string;
  chats: number; // chats saved by the measured run
  requests: number; // requests the fake server saw during the measured run
  wallMs: number;
  idealChatsPerS?: number; // when throughput is the point of the run
  expectedRequests?: number;
  savedThenRefetched?: number; // resumed run: chats the killed run had saved, fetched again
  floorShare?: number; // first sync: its requests/s as a share of the floor measured right after it
  usage?: ChildUsage;
  notes: string[];
}

// `-s 0`: no spacing between successful requests, so only the connections limit the rate.
const UNPACED = ["-s", "0"];

// 1. A full first sync into an empty folder. Returns the folder for the runs that follow.
export async function firstSync(
  ctx: BenchContext,
  label = "full first sync",
): Promise<{ measurement: Measurement; root: string }> {
  const root = await mkdtemp(join(ctx.scratch, "backup-"));
  const total = totalChats(ctx.fake);
  const { run, requests } = await measured(ctx, [root, ...UNPACED]);
  expectComplete(run, total, "the first sync");
  await expectFiles(root, total);
  const measurement: Measurement = {
    label,
    chats: run.saved.length,
    requests,
    wallMs: run.wallMs,
    idealChatsPerS: ctx.connections / (ctx.latencyMs / 1000),
    usage: run.usage,
    notes: [],
  };
  return { measurement, root };
}

// 2. The same folder again, with nothing changed on the server (also the 10,000-chat one: a daily
// sync of a large backup holds what the folder holds, so its memory is measured too).
export async function noChangeSync(
  ctx: BenchContext,
  root: string,
  label = "no-change sync",
): Promise<Measurement> {
  const { run, requests } = await measured(ctx, [root, ...UNPACED]);
  expectComplete(run, 0, "the no-change sync");
  return {
    label,
    chats: 0,
    requests,
    wallMs: run.wallMs,
    // The account, then per organization one list page, its memory and its project list.
    expectedRequests: 1 + 3 * ctx.fake.chatOrgs().length,
    usage: run.usage,
    notes: [],
  };
}

// 3. Ten chats updated on the server (a new turn each, so they move to the top of their list), spread
// over the organizations and picked from the middle of the lists.
export async function changedSync(ctx: BenchContext, root: string, changes = 10): Promise<Measurement> {
  const orgs = ctx.fake.chatOrgs();
  const picks: [string, string][] = [];
  for (let i = 0; i < changes; i++) {
    const org = orgs[i % orgs.length];
    if (!org) continue;
    const entries = ctx.fake.listEntries(org.uuid) as { uuid: string }[];
    const entry = entries[Math.floor(((i + 1) * entries.length) / (changes + 1))];
    if (entry) picks.push([org.uuid, entry.uuid]);
  }
  for (const [org, chat] of picks) ctx.fake.updateChat(org, chat);
  const { run, requests } = await measured(ctx, [root, ...UNPACED]);
  expectComplete(run, picks.length, `the sync after ${picks.length} changes`);
  return {
    label: `sync after ${picks.length} changes`,
    chats: run.saved.length,
    requests,
    wallMs: run.wallMs,
    // As a no-change sync, plus each changed chat, plus the files its new turn refers to (how many
    // the fake made is read from its log).
    expectedRequests: 1 + 3 * orgs.length + picks.length + ctx.fake.count("file"),
    usage: run.usage,
    notes: [],
  };
}

// 4. A full sync into a fresh folder, SIGKILLed once half the chats are saved, then run again.
// Measures the resumed run, and how many chats the two runs both fetched.
export async function resumedSync(ctx: BenchContext): Promise<Measurement> {
  const root = await mkdtemp(join(ctx.scratch, "backup-"));
  const total = totalChats(ctx.fake);
  const half = Math.ceil(total / 2);
  ctx.fake.resetRequests();
  const killed = await runBackupCli([root, ...UNPACED], {
    env: envFor(ctx),
    scratch: ctx.scratch,
    cli: ctx.cli,
    onSaved: (count, child) => {
      if (count >= half && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  });
  if (killed.signal !== "SIGKILL") {
    throw new Error(`the run to interrupt was not killed (exit ${killed.code}):\n${killed.stderr}`);
  }
  const fetchedBefore = chatRequests(ctx.fake);
  const { run, requests } = await measured(ctx, [root, ...UNPACED]);
  if (run.code !== 0) throw new Error(`the resumed sync failed (exit ${run.code}):\n${run.stderr}`);
  await expectFiles(root, total);
  const fetchedAgain = chatRequests(ctx.fake);
  const twice = [...fetchedAgain].filter((uuid) => fetchedBefore.has(uuid)).length;
  const savedTwice = killed.saved.filter((uuid) => fetchedAgain.has(uuid)).length;
  const lists = ctx.fake.requests.filter((r) => r.kind.startsWith("list")).length;
  const other = requests - 1 - fetchedAgain.size - lists;
  return {
    label: "resumed sync after a kill at 50 %",
    chats: run.saved.length,
    requests,
    wallMs: run.wallMs,
    idealChatsPerS: ctx.connections / (ctx.latencyMs / 1000),
    savedThenRefetched: savedTwice,
    usage: run.usage,
    notes: [
      `killed after ${killed.saved.length} of ${total} chats were saved (${(killed.wallMs / 1000).toFixed(1)} s)`,
      `resumed run: ${run.saved.length} chats, ${lists} list pages, 1 account request, ${other} other requests (files, projects, memory)`,
      `fetched by both runs: ${twice} chats (in flight at the kill); saved by the first and fetched again: ${savedTwice}`,
    ],
  };
}

// 5. The default politeness (`-s 0.1`, at most one request start per 100 ms): a full sync into a fresh
// folder, usually of a smaller account.
export async function politeSync(ctx: BenchContext): Promise<Measurement> {
  const root = await mkdtemp(join(ctx.scratch, "backup-"));
  const total = totalChats(ctx.fake);
  const { run, requests } = await measured(ctx, [root]);
  expectComplete(run, total, "the sync at the default politeness");
  return {
    label: "full sync, default -s 0.1",
    chats: run.saved.length,
    requests,
    wallMs: run.wallMs,
    idealChatsPerS: Math.min(ctx.connections / (ctx.latencyMs / 1000), 1 / 0.1),
    usage: run.usage,
    notes: [`${(requests / (run.wallMs / 1000)).toFixed(1)} requests/s overall (aim: at most 10)`],
  };
}

// 6. Issue 12's CPU figure: a chats-only first sync of its own 2 × 500 account (`--no-files
// --no-projects`), `runs` times, each into a fresh folder. CPU time varies by a fifth from run to run
// here (the file system's state after earlier runs), so the median is what counts. With a baseline
// build (`--baseline`), its runs alternate with these, so both see the same machine state; a flag the
// older build does not know is left out (it fetched neither files nor projects).
export async function chatsOnlyCpu(
  ctx: BenchContext,
  runs: number,
  baseline: string | undefined,
): Promise<{ measurement: Measurement; cpuMs: number[]; baselineCpuMs: number[] }> {
  const total = totalChats(ctx.fake);
  const cpuMs: number[] = [];
  const baselineCpuMs: number[] = [];
  let last: { run: ChildRun; requests: number } | undefined;
  const baselineFlags = baseline && (await knowsFlag(baseline, "--no-files")) ? CHATS_ONLY : [];
  for (let i = 0; i < runs; i++) {
    if (baseline) {
      const root = await mkdtemp(join(ctx.scratch, "backup-"));
      const old = await measured({ ...ctx, cli: baseline }, [root, ...UNPACED, ...baselineFlags]);
      expectComplete(old.run, total, "the baseline's chats-only sync");
      baselineCpuMs.push(cpuOf(old.run));
    }
    const root = await mkdtemp(join(ctx.scratch, "backup-"));
    last = await measured(ctx, [root, ...UNPACED, ...CHATS_ONLY]);
    expectComplete(last.run, total, "the chats-only sync");
    cpuMs.push(cpuOf(last.run));
  }
  if (!last) throw new Error("chatsOnlyCpu needs at least one run");
  const list = (values: number[]) => values.map((ms) => (ms / 1000).toFixed(2)).join(", ");
  const notes = [
    `CPU of ${runs} run${runs === 1 ? "" : "s"}: ${list(cpuMs)} s (median ${(median(cpuMs) / 1000).toFixed(2)} s); the table shows the last`,
  ];
  if (baseline) {
    notes.push(
      `the baseline build (--baseline), alternating with these runs: ${list(baselineCpuMs)} s (median ${(median(baselineCpuMs) / 1000).toFixed(2)} s)`,
    );
  }
  const measurement: Measurement = {
    label: `chats only, ${ctx.fake.chatOrgs().length} × ${total / Math.max(1, ctx.fake.chatOrgs().length)}`,
    chats: last.run.saved.length,
    requests: last.requests,
    wallMs: last.run.wallMs,
    idealChatsPerS: ctx.connections / (ctx.latencyMs / 1000),
    usage: last.run.usage,
    notes,
  };
  return { measurement, cpuMs, baselineCpuMs };
}

const CHATS_ONLY = ["--no-files", "--no-projects"];

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function cpuOf(run: ChildRun): number {
  if (!run.usage) throw new Error("a measured run left no usage figures");
  return run.usage.userMs + run.usage.systemMs;
}

// Whether a build's --help lists a flag.
async function knowsFlag(cli: string, flag: string): Promise<boolean> {
  const help = await run(process.execPath, [cli, "--help"]);
  return help.stdout.includes(flag);
}

// The floor the sync is measured against, as this machine reaches it: the requests the server saw
// since its log was last cleared (those of the run just measured), sent again as bare GETs over the
// same number of connections by bench/floor-client.ts, bodies read and nothing saved. Then the round
// trip of the smallest answer, one request at a time: what loopback and wake-ups add to each request.
export async function floorOfLastRun(
  ctx: BenchContext,
): Promise<{ requests: number; wallMs: number; roundTripMs: number }> {
  const paths = ctx.fake.requests.map((r) => {
    const query = new URLSearchParams(r.query).toString();
    return query ? `${r.path}?${query}` : r.path;
  });
  const file = join(ctx.scratch, "floor-paths.txt");
  await writeFile(file, `${paths.join("\n")}\n`);
  const client = fileURLToPath(new URL("./floor-client.ts", import.meta.url));
  const server = [ctx.fake.url, ctx.fake.sessionKey];
  const replay = await run(process.execPath, [client, "replay", ...server, String(ctx.connections), file]);
  const [requests, wallMs] = replay.stdout.trim().split(" ").map(Number);
  const roundTrip = await run(process.execPath, [client, "round-trip", ...server, String(ROUND_TRIPS)]);
  return { requests: requests ?? 0, wallMs: wallMs ?? 0, roundTripMs: Number(roundTrip.stdout.trim()) };
}

// Sequential requests timed for the round trip: 10 s at 50 ms, enough for a steady median.
const ROUND_TRIPS = 200;

const run = promisify(execFile);

// Runs the CLI with the server's request log cleared first; returns the run and its request count.
async function measured(ctx: BenchContext, args: string[]): Promise<{ run: ChildRun; requests: number }> {
  ctx.fake.resetRequests();
  const run = await runBackupCli(args, { env: envFor(ctx), scratch: ctx.scratch, cli: ctx.cli });
  return { run, requests: ctx.fake.count() };
}

function envFor(ctx: BenchContext): Record<string, string> {
  return { HOME: ctx.home, CLAUDE_SESSION_KEY: ctx.fake.sessionKey, CLAUDE_BACKUP_BASE_URL: ctx.fake.url };
}

function totalChats(fake: FakeClaude): number {
  return fake.chatOrgs().reduce((sum, org) => sum + org.chats.size, 0);
}

// The uuids of the chats whose detail the server was asked for since the last reset.
function chatRequests(fake: FakeClaude): Set<string> {
  return new Set(fake.requests.filter((r) => r.kind === "chat").map((r) => r.path.split("/").at(-1) ?? ""));
}

// A benchmark of a run that did not do its job would be meaningless: stop loudly instead.
function expectComplete(run: ChildRun, chats: number, what: string): void {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code ?? run.signal}):\n${run.stderr}`);
  if (run.saved.length !== chats) {
    throw new Error(`${what} saved ${run.saved.length} chats, expected ${chats}:\n${run.stderr}`);
  }
}

async function expectFiles(root: string, chats: number): Promise<void> {
  let files = 0;
  const orgs = join(root, "organizations");
  for (const org of await readdir(orgs)) {
    const names = await readdir(join(orgs, org, "chat_conversations"));
    files += names.filter((name) => name.endsWith(".json")).length;
  }
  if (files !== chats) throw new Error(`the backup in ${root} holds ${files} chat files, expected ${chats}`);
}
