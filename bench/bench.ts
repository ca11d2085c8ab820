// `npm run bench`: the real CLI against the fake claude.ai with 50 ms latency per request. Measures a
// full first sync (throughput against the ideal connections / latency, CPU, peak memory), a no-change
// sync, a sync after 10 changes, a sync resumed after a SIGKILL at 50 %, a first sync of one large
// organization and a no-change sync of it (memory must not grow with the archive), the CPU of a
// chats-only sync (issue 12) and the default politeness.
// Usage: node bench/bench.ts [--quick] [--write] [--cli path/to/cli.js] [--baseline path/to/old/cli.js]
//        [--only first,big,…]
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeClaude } from "../test/fake-claude/server.ts";
import {
  type Aim,
  currentLoad,
  machine,
  renderAims,
  renderNotes,
  renderTable,
  resultsMarkdown,
} from "./report.ts";
import { DEFAULT_CLI } from "./run-child.ts";
import {
  type BenchContext,
  changedSync,
  chatsOnlyCpu,
  firstSync,
  floorOfLastRun,
  type Measurement,
  median,
  noChangeSync,
  politeSync,
  resumedSync,
} from "./scenarios.ts";

// The fake's latency for every request, and the CLI's default connections (-c).
const LATENCY_MS = 50;
const CONNECTIONS = 6;
// Account sizes: the issue's 3 × 1,000 chats, one organization of 10,000 (issue 12: the peak must not
// grow with the archive), and a small account for the polite run (which takes at least 0.1 s per
// request by design). --quick shrinks them for a smoke test.
// The CPU run is issue 12's own account: 2 × 500 chats, chats only, three runs for a median.
const FULL = {
  organizations: 3,
  chatsPerOrg: 1000,
  big: 10_000,
  polite: 300,
  cpu: { organizations: 2, chatsPerOrg: 500, runs: 3 },
};
const QUICK = {
  organizations: 1,
  chatsPerOrg: 200,
  big: 600,
  polite: 40,
  cpu: { organizations: 1, chatsPerOrg: 100, runs: 1 },
};
// Aims from issues 3 and 12.
const MIN_SHARE_OF_IDEAL = 0.97;
const MAX_PEAK_RSS_MB = 100;
// "Flat in archive size": the large organization's peak may exceed the 3 × 1,000 one by this share.
const MAX_PEAK_GROWTH = 0.1;
const MAX_POLITE_REQUESTS_PER_S = 10;
// "At most half the CPU seconds of today for the same first sync": the issue measured 3.3 s for its
// 2 × 500 chats-only sync at the build it was filed on (9dea46d). Only a baseline measured in the same
// run decides the aim (--baseline, a build of 9dea46d, say): the same build's CPU seconds differed by
// a factor of 1.8 between two machines of this kind (bench/RESULTS.md), so without one the issue's
// figure is shown for comparison and the aim is left undecided.
const ISSUE_CPU_MS = 3300;
const MAX_CPU_SHARE = 0.5;
const RUNS = ["first", "nochange", "changed", "resumed", "big", "cpu", "polite"] as const;
type RunName = (typeof RUNS)[number];
const RESULTS = new URL("./RESULTS.md", import.meta.url);

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    write: { type: "boolean" },
    cli: { type: "string", default: DEFAULT_CLI },
    baseline: { type: "string" },
    only: { type: "string" },
  },
});
if (values.quick && values.write) {
  process.stderr.write("bench: --write records the full run only; drop --quick\n");
  process.exit(2);
}
const only = values.only?.split(",").map((name) => name.trim());
const unknown = only?.filter((name) => !(RUNS as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0 || (values.write && only)) {
  process.stderr.write(`bench: --only takes some of ${RUNS.join(",")}, and not with --write\n`);
  process.exit(2);
}
// nochange and changed run on the first sync's folder.
const wanted = (name: RunName) =>
  !only || only.includes(name) || (name === "first" && only.some((n) => n === "nochange" || n === "changed"));
const size = values.quick ? QUICK : FULL;
const scratch = await mkdtemp(join(tmpdir(), "claude-backup-bench-"));
const home = await mkdtemp(join(scratch, "home-"));
const rows: Measurement[] = [];
let cpu: { cpuMs: number[]; baselineCpuMs: number[] } | undefined;
const loadBefore = currentLoad();

const step = (text: string) => process.stderr.write(`bench: ${text}\n`);
try {
  const fake = await startFakeClaude({
    organizations: size.organizations,
    chatsPerOrg: size.chatsPerOrg,
    latencyMs: LATENCY_MS,
    seed: 1,
  });
  const ctx: BenchContext = {
    fake,
    home,
    scratch,
    connections: CONNECTIONS,
    latencyMs: LATENCY_MS,
    cli: values.cli,
  };
  try {
    if (wanted("first")) {
      step(`full first sync of ${size.organizations} × ${size.chatsPerOrg} chats …`);
      const first = await firstSync(ctx);
      if (!only || only.includes("first")) {
        step("the floor: the same requests as bare GETs …");
        const floor = await floorOfLastRun(ctx);
        const floorPerS = floor.requests / (floor.wallMs / 1000);
        const syncPerS = first.measurement.requests / (first.measurement.wallMs / 1000);
        const nominal = CONNECTIONS / (LATENCY_MS / 1000);
        first.measurement.floorShare = syncPerS / floorPerS;
        first.measurement.notes.push(
          `the floor on this machine: the same ${floor.requests} requests as bare GETs over ${CONNECTIONS} connections (bench/floor-client.ts, bodies read, nothing saved) took ${(floor.wallMs / 1000).toFixed(2)} s, ${floorPerS.toFixed(1)} requests/s = ${((100 * floorPerS) / nominal).toFixed(1)} % of connections / latency; the sync reached ${(100 * first.measurement.floorShare).toFixed(1)} % of it`,
          `one request at a time, the smallest answer (the account) took a median ${floor.roundTripMs.toFixed(2)} ms against the fake's ${LATENCY_MS} ms (bench/floor-client.ts round-trip): what loopback and wake-ups add to every request here, so no client on this machine can pass ${((100 * LATENCY_MS) / floor.roundTripMs).toFixed(1)} % of connections / latency`,
        );
        rows.push(first.measurement);
      }
      if (wanted("nochange")) {
        step("no-change sync …");
        rows.push(await noChangeSync(ctx, first.root));
      }
      if (wanted("changed")) {
        step("sync after 10 changes …");
        rows.push(await changedSync(ctx, first.root));
      }
    }
    if (wanted("resumed")) {
      step("full sync killed at 50 %, then resumed …");
      rows.push(await resumedSync(ctx));
    }
  } finally {
    await fake.close();
  }
  if (wanted("big")) {
    const bigFake = await startFakeClaude({
      organizations: 1,
      chatsPerOrg: size.big,
      latencyMs: LATENCY_MS,
      seed: 3,
    });
    try {
      step(`full first sync of 1 × ${size.big} chats …`);
      const big = await firstSync({ ...ctx, fake: bigFake }, `full first sync, 1 × ${size.big}`);
      rows.push(big.measurement);
      step("no-change sync of it …");
      rows.push(await noChangeSync({ ...ctx, fake: bigFake }, big.root, `no-change sync, 1 × ${size.big}`));
    } finally {
      await bigFake.close();
    }
  }
  if (wanted("cpu")) await cpuRun();
  if (wanted("polite")) await politeRun();
} finally {
  await rm(scratch, { recursive: true, force: true });
}

async function cpuRun(): Promise<void> {
  const { organizations, chatsPerOrg, runs } = size.cpu;
  const cpuFake = await startFakeClaude({ organizations, chatsPerOrg, latencyMs: LATENCY_MS, seed: 1 });
  try {
    const against = values.baseline ? ", alternating with the baseline build" : "";
    step(
      `chats-only first sync of ${organizations} × ${chatsPerOrg} chats, ${runs} run${runs === 1 ? "" : "s"}${against} …`,
    );
    const result = await chatsOnlyCpu(
      { home, scratch, connections: CONNECTIONS, latencyMs: LATENCY_MS, cli: values.cli, fake: cpuFake },
      runs,
      values.baseline,
    );
    rows.push(result.measurement);
    cpu = result;
  } finally {
    await cpuFake.close();
  }
}

async function politeRun(): Promise<void> {
  const politeFake = await startFakeClaude({
    organizations: 1,
    chatsPerOrg: size.polite,
    latencyMs: LATENCY_MS,
    seed: 2,
  });
  try {
    step(`full sync of 1 × ${size.polite} chats at the default -s 0.1 …`);
    rows.push(
      await politeSync({
        home,
        scratch,
        connections: CONNECTIONS,
        latencyMs: LATENCY_MS,
        cli: values.cli,
        fake: politeFake,
      }),
    );
  } finally {
    await politeFake.close();
  }
}

const setup = [
  `The fake claude.ai (test/fake-claude) runs in the benchmark's process with ${LATENCY_MS} ms latency per request;`,
  `the published CLI (\`node dist/cli.js <fresh folder> -s 0\`, built first, default -c ${CONNECTIONS}) runs as a child with an empty HOME.`,
  `Accounts: ${size.organizations} × ${size.chatsPerOrg} chats (organizations × chats each), 1 × ${size.big}, ${size.cpu.organizations} × ${size.cpu.chatsPerOrg} chats only`,
  `(\`--no-files --no-projects\`, ${size.cpu.runs} runs) for the CPU, and 1 × ${size.polite} for the run at the default politeness.`,
  "Wall time is from spawn to exit (Node start-up included); CPU and peak RSS are",
  "the child's own (CPU from `process.resourceUsage()`, peak RSS from its /proc VmHWM, at exit, via bench/usage-probe.mjs). Requests are counted by",
  "the fake.",
].join("\n");
const table = renderTable(rows);
const notes = renderNotes(rows);
const aims = renderAims(checkAims(rows));
process.stdout.write(`\n${machine(loadBefore)}\n\n${table}\n\n${notes}\n\n${aims}\n`);

if (values.write) {
  const findings = await previousFindings();
  // The baseline's path is this machine's: the command names what it was, not where.
  const baseline = values.baseline ? " --baseline <a 9dea46d build>" : "";
  const command = `\`npm run bench -- --write${baseline}\` (that is, \`node bench/bench.ts --write${baseline}\`)`;
  const text = resultsMarkdown({ loadBefore, setup, table, notes, aims, command, findings });
  await writeFile(RESULTS, text);
  step(`wrote ${RESULTS.pathname}`);
}

function checkAims(measured: Measurement[]): Aim[] {
  const byLabel = (label: string) => measured.find((m) => m.label === label);
  const first = byLabel("full first sync");
  const big = byLabel(`full first sync, 1 × ${size.big}`);
  const bigNoChange = byLabel(`no-change sync, 1 × ${size.big}`);
  const polite = byLabel("full sync, default -s 0.1");
  const resumed = byLabel("resumed sync after a kill at 50 %");
  const aims: Aim[] = [];
  if (first?.idealChatsPerS) {
    // Requests, not chats: a sync also fetches the files chats refer to, projects and memory, and the
    // network's floor is `connections / latency` requests per second, whatever they are for.
    const share = first.requests / (first.wallMs / 1000) / first.idealChatsPerS;
    aims.push({
      text: `full first sync reaches ≥ ${MIN_SHARE_OF_IDEAL * 100} % of connections / latency in requests/s (${(share * 100).toFixed(1)} %)`,
      ok: share >= MIN_SHARE_OF_IDEAL,
    });
    // Shown beside it, not instead: what this machine's loopback HTTP reaches with nothing saved.
    if (first.floorShare !== undefined) {
      aims.push({
        text: `full first sync reaches ≥ ${MIN_SHARE_OF_IDEAL * 100} % of the floor measured on this machine (${(first.floorShare * 100).toFixed(1)} %)`,
        ok: first.floorShare >= MIN_SHARE_OF_IDEAL,
      });
    }
  }
  for (const m of measured) {
    if (m.expectedRequests === undefined) continue;
    aims.push({
      text: `${m.label} costs ${m.expectedRequests} requests (${m.requests})`,
      ok: m.requests === m.expectedRequests,
    });
  }
  const peakOf = (m: Measurement | undefined) => (m?.usage?.maxRssKb ?? 0) / 1024;
  for (const m of [first, big, bigNoChange]) {
    if (!m?.usage) continue;
    aims.push({
      text: `${m.label}: peak memory < ${MAX_PEAK_RSS_MB} MB (${peakOf(m).toFixed(0)} MB)`,
      ok: peakOf(m) < MAX_PEAK_RSS_MB,
    });
  }
  if (first?.usage && big?.usage) {
    aims.push({
      text: `peak memory flat in archive size: 1 × ${size.big} within ${MAX_PEAK_GROWTH * 100} % of ${size.organizations} × ${size.chatsPerOrg} (${peakOf(big).toFixed(0)} against ${peakOf(first).toFixed(0)} MB)`,
      ok: peakOf(big) <= peakOf(first) * (1 + MAX_PEAK_GROWTH),
    });
  }
  if (resumed?.savedThenRefetched !== undefined) {
    aims.push({
      text: `a resumed sync fetches no chat the killed run had saved (${resumed.savedThenRefetched})`,
      ok: resumed.savedThenRefetched === 0,
    });
  }
  if (cpu && !values.quick) {
    const now = median(cpu.cpuMs);
    const [then, what] =
      cpu.baselineCpuMs.length > 0
        ? [median(cpu.baselineCpuMs), "the baseline's median, measured alongside"]
        : [ISSUE_CPU_MS, "the issue's 3.3 s for its build"];
    aims.push({
      text: `chats-only 2 × 500 first sync: CPU at most ${MAX_CPU_SHARE * 100} % of ${what} (median ${(now / 1000).toFixed(2)} s against ${(then / 1000).toFixed(2)} s: ${((100 * now) / then).toFixed(0)} %)`,
      ok: now <= then * MAX_CPU_SHARE,
      ...(cpu.baselineCpuMs.length > 0
        ? {}
        : { undecided: "the 3.3 s was measured on another machine: run with --baseline <a 9dea46d build>" }),
    });
  }
  if (polite) {
    const rate = polite.requests / (polite.wallMs / 1000);
    aims.push({
      text: `the default -s 0.1 stays polite: ≤ ${MAX_POLITE_REQUESTS_PER_S} requests/s (${rate.toFixed(1)})`,
      ok: rate <= MAX_POLITE_REQUESTS_PER_S,
    });
  }
  return aims;
}

// Everything after the aims in the last RESULTS.md (the other benchmarks' figures, the hand-written
// findings) is kept across rewrites.
async function previousFindings(): Promise<string> {
  try {
    const text = await readFile(RESULTS, "utf8");
    const aims = text.indexOf("## Aims");
    const at = aims < 0 ? -1 : text.indexOf("\n## ", aims + 1);
    if (at >= 0) return text.slice(at + 1).trim();
  } catch {
    // no results yet
  }
  return "## Findings\n\n(none yet)";
}
