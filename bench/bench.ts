// `npm run bench`: the real CLI against the fake claude.ai with 50 ms latency per request. Measures a
// full first sync (throughput against the ideal connections / latency, CPU, peak memory), a no-change
// sync, a sync after 10 changes, a sync resumed after a SIGKILL at 50 %, and the default politeness.
// Usage: node bench/bench.ts [--quick] [--write]
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
import {
  type BenchContext,
  changedSync,
  firstSync,
  type Measurement,
  noChangeSync,
  politeSync,
  resumedSync,
} from "./scenarios.ts";

// The fake's latency for every request, and the CLI's default connections (-c).
const LATENCY_MS = 50;
const CONNECTIONS = 6;
// Account sizes: the 3 × 1,000 chats, and a small account for the polite run (which takes at
// least 0.1 s per request by design). --quick shrinks both for a smoke test.
const FULL = { organizations: 3, chatsPerOrg: 1000, polite: 300 };
const QUICK = { organizations: 1, chatsPerOrg: 200, polite: 40 };
// Aims from issue 3.
const MIN_SHARE_OF_IDEAL = 0.9;
const MAX_PEAK_RSS_MB = 150;
const MAX_POLITE_REQUESTS_PER_S = 10;
const RESULTS = new URL("./RESULTS.md", import.meta.url);

const { values } = parseArgs({ options: { quick: { type: "boolean" }, write: { type: "boolean" } } });
if (values.quick && values.write) {
  process.stderr.write("bench: --write records the full run only; drop --quick\n");
  process.exit(2);
}
const size = values.quick ? QUICK : FULL;
const scratch = await mkdtemp(join(tmpdir(), "claude-backup-bench-"));
const home = await mkdtemp(join(scratch, "home-"));
const rows: Measurement[] = [];
const loadBefore = currentLoad();

const step = (text: string) => process.stderr.write(`bench: ${text}\n`);
try {
  const fake = await startFakeClaude({
    organizations: size.organizations,
    chatsPerOrg: size.chatsPerOrg,
    latencyMs: LATENCY_MS,
    seed: 1,
  });
  const ctx: BenchContext = { fake, home, scratch, connections: CONNECTIONS, latencyMs: LATENCY_MS };
  try {
    step(`full first sync of ${size.organizations} × ${size.chatsPerOrg} chats …`);
    const first = await firstSync(ctx);
    rows.push(first.measurement);
    step("no-change sync …");
    rows.push(await noChangeSync(ctx, first.root));
    step("sync after 10 changes …");
    rows.push(await changedSync(ctx, first.root));
    step("full sync killed at 50 %, then resumed …");
    rows.push(await resumedSync(ctx));
  } finally {
    await fake.close();
  }
  const politeFake = await startFakeClaude({
    organizations: 1,
    chatsPerOrg: size.polite,
    latencyMs: LATENCY_MS,
    seed: 2,
  });
  try {
    step(`full sync of 1 × ${size.polite} chats at the default -s 0.1 …`);
    rows.push(await politeSync({ ...ctx, fake: politeFake }));
  } finally {
    await politeFake.close();
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const setup = [
  `The fake claude.ai (test/fake-claude) runs in the benchmark's process with ${LATENCY_MS} ms latency per request;`,
  `the published CLI (\`node dist/cli.js <fresh folder> -s 0\`, built first, default -c ${CONNECTIONS}) runs as a child with an empty HOME.`,
  `Accounts: ${size.organizations} × ${size.chatsPerOrg} chats (organizations × chats each), and 1 × ${size.polite} for the run`,
  "at the default politeness. Wall time is from spawn to exit (Node start-up included); CPU and peak RSS are",
  "the child's own (`process.resourceUsage()` at exit, via bench/usage-probe.mjs). Requests are counted by",
  "the fake.",
].join("\n");
const table = renderTable(rows);
const notes = renderNotes(rows);
const aims = renderAims(checkAims(rows));
process.stdout.write(`\n${machine(loadBefore)}\n\n${table}\n\n${notes}\n\n${aims}\n`);

if (values.write) {
  const findings = await previousFindings();
  const command = "`npm run bench -- --write` (that is, `node bench/bench.ts --write`)";
  const text = resultsMarkdown({ loadBefore, setup, table, notes, aims, command, findings });
  await writeFile(RESULTS, text);
  step(`wrote ${RESULTS.pathname}`);
}

function checkAims(measured: Measurement[]): Aim[] {
  const [first, noChange, changed, resumed, polite] = measured;
  const aims: Aim[] = [];
  if (first?.idealChatsPerS) {
    const share = first.chats / (first.wallMs / 1000) / first.idealChatsPerS;
    aims.push({
      text: `full first sync reaches ≥ ${MIN_SHARE_OF_IDEAL * 100} % of the ideal throughput (${(share * 100).toFixed(1)} %)`,
      ok: share >= MIN_SHARE_OF_IDEAL,
    });
  }
  for (const m of [noChange, changed]) {
    if (m?.expectedRequests === undefined) continue;
    aims.push({
      text: `${m.label} costs ${m.expectedRequests} requests (${m.requests})`,
      ok: m.requests === m.expectedRequests,
    });
  }
  const peak = Math.max(...measured.map((m) => (m.usage?.maxRssKb ?? 0) / 1024));
  aims.push({
    text: `peak memory < ${MAX_PEAK_RSS_MB} MB (${peak.toFixed(0)} MB)`,
    ok: peak < MAX_PEAK_RSS_MB,
  });
  if (resumed?.savedThenRefetched !== undefined) {
    aims.push({
      text: `a resumed sync fetches no chat the killed run had saved (${resumed.savedThenRefetched})`,
      ok: resumed.savedThenRefetched === 0,
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

// The hand-written findings of the last RESULTS.md are kept across rewrites.
async function previousFindings(): Promise<string> {
  try {
    const text = await readFile(RESULTS, "utf8");
    const at = text.indexOf("## Findings\n");
    if (at >= 0) return text.slice(at + "## Findings\n".length).trim();
  } catch {
    // no results yet
  }
  return "(none yet)";
}
