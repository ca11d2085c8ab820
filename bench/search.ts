// Search benchmark: writes a synthetic backup of 10,000 chats straight into the backup layout, then
// times the real `claude-backup search` process (start-up included): a full index build, queries on a
// current index (median), a refresh after 10 changed chats, and `rg -l WORD` over the same files.
// Usage: node bench/search.ts [--chats N] [--cli PATH] [--keep]   (default: dist/cli.js when built,
// else src/cli.ts; `npm run bench` builds dist first)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chatFileName, orgDirName } from "../src/core/names.ts";

const DIST = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const SRC = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
let CLI = SRC;
const RUNS_PER_QUERY = 5;
const CHANGED = 10;
const AIM_QUERY_MS = 100;
const AIM_UPDATE_MS = 1000;

// What people type; each is run through claude-backup search and (its first word) through rg -l.
const QUERIES: { query: string[]; rg: string }[] = [
  { query: ["flour"], rg: "flour" },
  { query: ["kelvorin"], rg: "kelvorin" },
  { query: ["water", "bath"], rg: "water" },
  { query: ['"crème brûlée"'], rg: "crème brûlée" },
  { query: ["creme"], rg: "creme" },
  { query: ["migra*"], rg: "migra" },
  { query: ["Zurich", "--sender", "human"], rg: "Zurich" },
  { query: ["deploy", "--rank"], rg: "deploy" },
  { query: ["tolvane", "--since", "2025-01-01"], rg: "tolvane" },
];

const REAL_WORDS = [
  "flour",
  "water",
  "bath",
  "starter",
  "crème",
  "brûlée",
  "café",
  "naïve",
  "façade",
  "résumé",
  "Zürich",
  "jalapeño",
  "deploy",
  "kubernetes",
  "migration",
  "migrate",
  "database",
  "index",
  "latency",
  "budget",
  "garden",
  "tomato",
  "invoice",
  "contract",
  "recipe",
  "oven",
  "python",
  "rust",
  "typescript",
  "search",
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(42);
const SYLLABLES = [
  "ka",
  "lo",
  "vin",
  "tor",
  "el",
  "mi",
  "ra",
  "ne",
  "su",
  "quo",
  "bar",
  "dex",
  "ol",
  "ane",
  "tol",
  "vr",
];
const VOCAB = [...REAL_WORDS];
while (VOCAB.length < 4000) {
  let word = "";
  const n = 2 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  VOCAB.push(word);
}
VOCAB.push("kelvorin", "tolvane"); // rare on purpose: few chats have them

// Zipf-like: a few words are everywhere, most are rare.
const word = () => VOCAB[Math.floor(VOCAB.length * random() ** 3)] ?? "word";
const sentence = (n: number) => Array.from({ length: n }, word).join(" ");
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

const ORGS = [0, 1, 2].map((i) => ({
  uuid: uuid(),
  name: ["Personal", "Acme Research", "Side Project"][i] ?? "",
}));
const START = Date.parse("2023-06-01T00:00:00Z");
const END = Date.parse("2026-06-01T00:00:00Z");

function chatJson(chatUuid: string, at: number, extra?: string): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  let parent = "00000000-0000-4000-8000-000000000000";
  let time = at;
  const turns = 3 + Math.floor(random() * 4);
  for (let t = 0; t < turns * 2; t++) {
    const sender = t % 2 === 0 ? "human" : "assistant";
    const content: unknown[] = [];
    if (sender === "assistant" && random() < 0.3) content.push({ type: "thinking", thinking: sentence(30) });
    if (sender === "assistant" && random() < 0.2) {
      content.push({ type: "tool_use", id: "toolu_x", name: "web_search", input: { query: sentence(3) } });
      content.push({
        type: "tool_result",
        tool_use_id: "toolu_x",
        content: [{ type: "text", text: sentence(40) }],
      });
    }
    const length = sender === "human" ? 12 + Math.floor(random() * 30) : 60 + Math.floor(random() * 140);
    content.push({ type: "text", text: sentence(length), citations: [] });
    const id = uuid();
    messages.push({
      uuid: id,
      parent_message_uuid: parent,
      sender,
      index: t,
      text: "",
      content,
      created_at: iso(time),
      updated_at: iso(time),
      attachments: random() < 0.05 ? [{ file_name: "notes.txt", extracted_content: sentence(200) }] : [],
      files_v2: [],
      files: [],
    });
    parent = id;
    time += 30_000;
  }
  if (extra) {
    const id = uuid();
    messages.push({
      uuid: id,
      parent_message_uuid: parent,
      sender: "human",
      index: messages.length,
      text: "",
      content: [{ type: "text", text: extra }],
      created_at: iso(time),
      updated_at: iso(time),
    });
    parent = id;
  }
  return {
    uuid: chatUuid,
    name: sentence(3 + Math.floor(random() * 3)),
    summary: "",
    model: ["claude-opus-4-1-20250805", "claude-sonnet-4-5-20250929", null][Math.floor(random() * 3)] ?? null,
    created_at: iso(at),
    updated_at: iso(time),
    is_starred: random() < 0.1,
    project_uuid: null,
    current_leaf_message_uuid: parent,
    chat_messages: messages,
  };
}

interface Written {
  path: string;
  uuid: string;
  at: number;
}

async function writeChat(
  root: string,
  org: { uuid: string; name: string },
  chatUuid: string,
  at: number,
  extra?: string,
) {
  const json = chatJson(chatUuid, at, extra);
  const dir = join(root, "organizations", orgDirName(org.name, org.uuid), "chat_conversations");
  const path = join(dir, chatFileName(String(json.name), chatUuid));
  await writeFile(path, JSON.stringify(json));
  const mtime = new Date(String(json.updated_at));
  await utimes(path, mtime, mtime);
  return path;
}

async function generate(root: string, chats: number): Promise<Written[]> {
  const memberships = ORGS.map((organization) => ({ organization }));
  await mkdir(root, { recursive: true });
  await writeFile(join(root, "account.json"), JSON.stringify({ uuid: uuid(), memberships }));
  for (const org of ORGS)
    await mkdir(join(root, "organizations", orgDirName(org.name, org.uuid), "chat_conversations"), {
      recursive: true,
    });
  const written: Written[] = [];
  for (let i = 0; i < chats; i++) {
    const at = START + Math.floor(random() * (END - START));
    const chatUuid = uuid();
    const org = ORGS[i % ORGS.length] ?? ORGS[0];
    if (!org) throw new Error("no org");
    written.push({ path: await writeChat(root, org, chatUuid, at), uuid: chatUuid, at });
  }
  return written;
}

interface Timed {
  ms: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

function timed(command: string, args: string[]): Timed {
  const start = performance.now();
  const run = spawnSync(command, args, {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 1 << 30,
  });
  return {
    ms: performance.now() - start,
    stdout: run.stdout ?? "",
    stderr: run.stderr ?? "",
    code: run.status,
  };
}

function search(root: string, args: string[]): Timed {
  const run = timed(process.execPath, [CLI, "search", "--dir", root, ...args]);
  if (run.code !== 0) throw new Error(`search ${args.join(" ")} failed (${run.code}): ${run.stderr}`);
  return run;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const ms = (value: number) => `${Math.round(value)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chats: { type: "string", default: "10000" },
      cli: { type: "string" },
      keep: { type: "boolean" },
    },
  });
  CLI = values.cli ?? (existsSync(DIST) ? DIST : SRC);
  const count = Number(values.chats);
  const root = await mkdtemp(join(tmpdir(), "claude-backup-search-bench-"));
  try {
    const t0 = performance.now();
    const written = await generate(root, count);
    const size = (await Promise.all(written.map((w) => stat(w.path)))).reduce((n, s) => n + s.size, 0);
    console.log(
      `archive: ${count} chats, ${(size / 1e6).toFixed(0)} MB of JSON in ${root} (written in ${ms(performance.now() - t0)})`,
    );
    console.log(`cli: ${CLI}`);
    const startup = median([0, 1, 2].map(() => timed(process.execPath, [CLI, "--version"]).ms));

    const build = search(root, ["--reindex"]);
    const indexSize = (await stat(join(root, ".claude-backup", "search.sqlite"))).size;

    const rows: string[] = [];
    const all: number[] = [];
    const rgAll: number[] = [];
    const hasRg = spawnSync("rg", ["--version"]).status === 0;
    for (const { query, rg } of QUERIES) {
      search(root, [...query]); // warm
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < RUNS_PER_QUERY; i++) {
        const run = search(root, ["--json", ...query]);
        times.push(run.ms);
        hits = run.stdout.split("\n").filter(Boolean).length;
      }
      const chats = new Set(
        search(root, ["--json", "--limit", "1000000", ...query])
          .stdout.split("\n")
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as { conversation_uuid: string }).conversation_uuid),
      ).size;
      all.push(...times);
      let rgCell = "rg not installed";
      if (hasRg) {
        const rgTimes: number[] = [];
        let files = 0;
        for (let i = 0; i < RUNS_PER_QUERY; i++) {
          const run = timed("rg", ["-l", rg, join(root, "organizations")]);
          rgTimes.push(run.ms);
          files = run.stdout.split("\n").filter(Boolean).length;
        }
        rgAll.push(...rgTimes);
        rgCell = `${ms(median(rgTimes))} | ${files} files`;
      }
      rows.push(
        `| \`search ${query.join(" ")}\` | ${ms(median(times))} | ${hits} shown, ${chats} chats | \`rg -l ${rg}\` | ${rgCell} |`,
      );
    }

    // 10 changed chats (a new message with a new word), then one search that refreshes and finds them.
    const updates: number[] = [];
    for (let round = 0; round < 3; round++) {
      const word = `zanzibarite${round}`;
      for (const chat of written.slice(round * CHANGED, (round + 1) * CHANGED)) {
        const org = ORGS.find((o) => chat.path.includes(o.uuid)) ?? ORGS[0];
        if (!org) throw new Error("no org");
        await rm(chat.path);
        chat.path = await writeChat(root, org, chat.uuid, chat.at, `${word} appears here`);
      }
      const run = search(root, ["--json", word]);
      const found = run.stdout.split("\n").filter(Boolean).length;
      if (found !== CHANGED) throw new Error(`after ${CHANGED} changes '${word}' found ${found} hits`);
      updates.push(run.ms);
    }

    const queryMedian = median(all);
    console.log("");
    console.log(`| measure | claude-backup search | aim |`);
    console.log(`|---|---|---|`);
    console.log(
      `| full index build (${count} chats, --reindex) | ${(build.ms / 1000).toFixed(1)} s, index ${(indexSize / 1e6).toFixed(0)} MB | reported |`,
    );
    console.log(
      `| query on a current index, median of ${all.length} runs | ${ms(queryMedian)} | < ${AIM_QUERY_MS} ms ${queryMedian < AIM_QUERY_MS ? "✓" : "✗"} |`,
    );
    console.log(
      `| refresh after ${CHANGED} changed chats + query, median of 3 | ${ms(median(updates))} | < ${AIM_UPDATE_MS} ms ${median(updates) < AIM_UPDATE_MS ? "✓" : "✗"} |`,
    );
    console.log(`| node start-up alone (\`claude-backup --version\`) | ${ms(startup)} | |`);
    if (hasRg)
      console.log(
        `| \`rg -l WORD\` over the same files, median of ${rgAll.length} runs | ${ms(median(rgAll))} | search faster: ${queryMedian < median(rgAll) ? "✓" : "✗"} |`,
      );
    console.log("");
    console.log("| query | median | hits (of --limit 20) | rg | rg median | rg files |");
    console.log("|---|---|---|---|---|---|");
    for (const row of rows) console.log(row);
    console.log("");
    console.log(
      `commands: node ${CLI} search --dir <archive> [--json] QUERY; rg -l WORD <archive>/organizations`,
    );
  } finally {
    if (values.keep) console.log(`kept ${root}`);
    else await rm(root, { recursive: true, force: true });
  }
}

await main();
