// `npm run build && node bench/files.ts [--quick]`: the real CLI (dist/cli.js) backing up files against
// the fake claude.ai with 50 ms latency per request. Measures (1) a first sync with files of 3 × 1,000
// chats against the ideal (every request the run made, at --connections in parallel, each taking the
// latency), (2) a second sync, which must download nothing, and (3) the peak memory of a sync that
// downloads one 200 MB file, against the same sync without it (aim: at most 32 MB more).
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeClaude } from "../test/fake-claude/server.ts";
import { runBackupCli } from "./run-child.ts";

const LATENCY_MS = 50;
const CONNECTIONS = 6;
const FULL = { organizations: 3, chatsPerOrg: 1000, bigFile: 200_000_000 };
const QUICK = { organizations: 1, chatsPerOrg: 150, bigFile: 50_000_000 };
const MAX_EXTRA_RSS_MB = 32;

const { values } = parseArgs({ options: { quick: { type: "boolean" }, "memory-only": { type: "boolean" } } });
const size = values.quick ? QUICK : FULL;
const scratch = await mkdtemp(join(tmpdir(), "claude-backup-bench-files-"));
const home = await mkdtemp(join(scratch, "home-"));
const step = (text: string) => process.stderr.write(`bench: ${text}\n`);
const mb = (kb: number | undefined) => (kb === undefined ? "?" : (kb / 1024).toFixed(0));
const lines: string[] = [];

// The child's own peak RSS (VmHWM in /proc, Linux), polled while it runs. getrusage's maxRSS cannot
// be used here: a child inherits its parent's peak across fork+exec, and this parent holds the fake
// claude.ai (hundreds of MB for 3 × 1,000 chats), so the child's maxRSS never reads below that.
function peakWatcher(): {
  onSaved: (count: number, child: ChildProcess) => void;
  peakMb: () => number | undefined;
} {
  let peakKb: number | undefined;
  let started = false;
  return {
    onSaved(_count, child) {
      if (started || child.pid === undefined) return;
      started = true;
      const path = `/proc/${child.pid}/status`;
      const poll = async () => {
        const text = await readFile(path, "utf8").catch(() => undefined);
        const kb = Number(/VmHWM:\s+(\d+)/.exec(text ?? "")?.[1]);
        if (kb > 0) peakKb = Math.max(peakKb ?? 0, kb);
        if (text !== undefined && child.exitCode === null) setTimeout(poll, 20);
      };
      void poll();
    },
    peakMb: () => (peakKb === undefined ? undefined : peakKb / 1024),
  };
}

try {
  // 1 and 2: throughput with files, then nothing to do.
  const fake = values["memory-only"]
    ? undefined
    : await startFakeClaude({
        organizations: size.organizations,
        chatsPerOrg: size.chatsPerOrg,
        files: true,
        latencyMs: LATENCY_MS,
        seed: 1,
      });
  if (fake)
    try {
      const env = { CLAUDE_SESSION_KEY: fake.sessionKey, CLAUDE_BACKUP_BASE_URL: fake.url, HOME: home };
      const root = await mkdtemp(join(scratch, "backup-"));
      let chats = 0;
      let withFiles = 0;
      for (const org of fake.chatOrgs()) {
        for (const entry of fake.listEntries(org.uuid) as { uuid: string }[]) {
          chats++;
          if (fake.expectedFiles(org.uuid, entry.uuid).length > 0) withFiles++;
        }
      }
      step(`first sync with files of ${chats} chats (${withFiles} with files) …`);
      fake.resetRequests();
      const first = await runBackupCli([root, "-s", "0"], { env, scratch });
      if (first.code !== 0)
        throw new Error(`first sync failed (${first.code}): ${first.stderr.slice(-2000)}`);
      const files = /(\d+) files \(([^)]+)\) downloaded/.exec(first.stderr);
      const requests = fake.count();
      const downloads = fake.count("file") + fake.count("wiggle_download");
      const idealMs = (requests * LATENCY_MS) / CONNECTIONS;
      lines.push(
        `first sync: ${chats} chats (${withFiles} with files), ${requests} requests (${downloads} downloads, ` +
          `${fake.count("wiggle_list")} sandbox listings), ${files?.[1] ?? "?"} files (${files?.[2] ?? "?"}), ` +
          `${(first.wallMs / 1000).toFixed(1)} s; ideal ${(idealMs / 1000).toFixed(1)} s = ${((100 * idealMs) / first.wallMs).toFixed(1)} % of ideal; ` +
          `peak RSS ${mb(first.usage?.maxRssKb)} MB, CPU ${(((first.usage?.userMs ?? 0) + (first.usage?.systemMs ?? 0)) / 1000).toFixed(1)} s`,
      );
      step("second sync …");
      fake.resetRequests();
      const second = await runBackupCli([root, "-s", "0"], { env, scratch });
      if (second.code !== 0) throw new Error(`second sync failed: ${second.stderr.slice(-2000)}`);
      lines.push(
        `second sync: ${fake.count()} requests, ${fake.count("file") + fake.count("wiggle_download")} downloads, ` +
          `${(second.wallMs / 1000).toFixed(1)} s, peak RSS ${mb(second.usage?.maxRssKb)} MB`,
      );
    } finally {
      await fake.close();
    }

  // 3: memory of one big download: the same small world with and without a big file.
  const peak = async (big: boolean) => {
    const world = await startFakeClaude({
      organizations: 1,
      chatsPerOrg: 50,
      files: true,
      latencyMs: 5,
      seed: 7,
    });
    try {
      const [org] = world.chatOrgs();
      const [entry] = (org ? world.listEntries(org.uuid) : []) as { uuid: string }[];
      if (!org || !entry) throw new Error("no chat to attach the big file to");
      if (big) world.addLargeFile(org.uuid, entry.uuid, size.bigFile, "blob");
      const env = { CLAUDE_SESSION_KEY: world.sessionKey, CLAUDE_BACKUP_BASE_URL: world.url, HOME: home };
      const root = await mkdtemp(join(scratch, "backup-"));
      const watcher = peakWatcher();
      const run = await runBackupCli([root, "-s", "0"], { env, scratch, onSaved: watcher.onSaved });
      if (run.code !== 0) throw new Error(`sync failed: ${run.stderr.slice(-2000)}`);
      await rm(root, { recursive: true, force: true });
      return { ...run, peakMb: watcher.peakMb() };
    } finally {
      await world.close();
    }
  };
  step("memory: a sync without the big file …");
  const without = await peak(false);
  step(`memory: the same sync with one ${size.bigFile / 1e6} MB file …`);
  const withBig = await peak(true);
  const extraMb = (withBig.peakMb ?? 0) - (without.peakMb ?? 0);
  lines.push(
    `one ${size.bigFile / 1e6} MB file: the child's peak RSS (VmHWM) ${withBig.peakMb?.toFixed(0)} MB vs ${without.peakMb?.toFixed(0)} MB without it ` +
      `(+${extraMb.toFixed(1)} MB; aim ≤ ${MAX_EXTRA_RSS_MB} MB: ${extraMb <= MAX_EXTRA_RSS_MB ? "met" : "NOT met"}), ` +
      `${(withBig.wallMs / 1000).toFixed(1)} s`,
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const flags = `${values.quick ? " --quick" : ""}${values["memory-only"] ? " --memory-only" : ""}`;
process.stdout.write(`command: npm run build && node bench/files.ts${flags}\n`);
for (const line of lines) process.stdout.write(`${line}\n`);
