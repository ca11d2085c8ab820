// Render benchmark: a synthetic backup of 10,000 chats (JSON files written directly, sizes like real
// chats, one in five with branches and one in four with an artifact), rendered in full as Markdown and
// as HTML, then incrementally after 10 chats change. Run: node bench/render.ts [chats]
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { chatFileName, orgDirName } from "../src/core/names.ts";
import { execute } from "../src/main.ts";

const CHATS = Number(process.argv[2] ?? 10_000);
const ORG = "9b7e2c41-2222-4f0a-8e77-51d2c0ffee01";
const ROOT_PARENT = "00000000-0000-4000-8000-000000000000";
const WORDS =
  "the quick brown fox jumps over a lazy dog while claude explains hydration ratios in detail".split(" ");

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const uuid = (n: number, kind: number) =>
  `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const words = (count: number) =>
  Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");

function chat(n: number, revision = 0): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  const turns = 2 + Math.floor(random() * 10);
  let parent = ROOT_PARENT;
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000 + i * 1000).toISOString();
  for (let i = 0; i < turns * 2; i++) {
    const human = i % 2 === 0;
    const content: unknown[] = [];
    if (!human && random() < 0.3) content.push({ type: "thinking", thinking: words(60) });
    if (!human && i === 1 && n % 4 === 0) {
      content.push({
        type: "tool_use",
        id: `toolu_${n}`,
        name: "artifacts",
        input: {
          id: "a",
          command: "create",
          type: "application/vnd.ant.code",
          language: "python",
          title: `Script ${n}`,
          content: `print(${n})\n`.repeat(20),
        },
      });
    }
    content.push({
      type: "text",
      text: `${words(human ? 30 : 250)}${revision ? ` revision ${revision}` : ""}`,
      citations: [],
    });
    const id = uuid(n * 100 + i, 2);
    messages.push({
      uuid: id,
      parent_message_uuid: parent,
      sender: human ? "human" : "assistant",
      content,
      created_at: at(i),
      updated_at: at(i),
      attachments: [],
      files: [],
      files_v2: [],
    });
    // One chat in five: a regenerated answer (a second branch) at the second turn.
    if (!human && i === 3 && n % 5 === 0) {
      messages.push({
        uuid: uuid(n * 100 + 99, 2),
        parent_message_uuid: parent,
        sender: "assistant",
        content: [{ type: "text", text: words(200), citations: [] }],
        created_at: at(90),
        updated_at: at(90),
      });
    }
    parent = id;
  }
  return {
    uuid: uuid(n, 1),
    name: `Chat ${n}: ${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: new Date(Date.UTC(2026, 1, 1) + n * 1000 + revision * 86_400_000).toISOString(),
    current_leaf_message_uuid: parent,
    chat_messages: messages,
  };
}

async function writeChat(dir: string, value: Record<string, unknown>): Promise<void> {
  const path = join(dir, chatFileName(String(value.name), String(value.uuid)));
  await writeFile(path, JSON.stringify(value));
  const when = new Date(String(value.updated_at));
  await utimes(path, when, when);
}

async function run(args: string[]): Promise<{ seconds: number; summary: { rendered: number } }> {
  const stdout = new PassThrough();
  let out = "";
  stdout.setEncoding("utf8").on("data", (c: string) => {
    out += c;
  });
  const started = performance.now();
  const code = await execute(args, {
    env: { NO_COLOR: "1" },
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
    signal: new AbortController().signal,
    version: "bench",
    secrets: new Set(),
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`render exited ${code}`);
  return { seconds, summary: JSON.parse(out) };
}

const root = await mkdtemp(join(tmpdir(), "claude-backup-render-bench-"));
try {
  const chats = join(root, "organizations", orgDirName("Bench org", ORG), "chat_conversations");
  await mkdir(chats, { recursive: true });
  let bytes = 0;
  for (let n = 0; n < CHATS; n++) {
    const value = chat(n);
    bytes += JSON.stringify(value).length;
    await writeChat(chats, value);
  }
  console.log(
    `command: node bench/render.ts ${CHATS}  (claude-backup render --dir <tmp> --json [--format html])`,
  );
  console.log(`archive: ${CHATS} chats, ${(bytes / 1e6).toFixed(0)} MB of JSON`);
  for (const format of ["md", "html"]) {
    const full = await run(["render", "--dir", root, "--format", format, "--json"]);
    console.log(
      `${format}: full render ${full.seconds.toFixed(1)} s, ${(full.summary.rendered / full.seconds).toFixed(0)} chats/s`,
    );
    const none = await run(["render", "--dir", root, "--format", format, "--json"]);
    console.log(
      `${format}: nothing changed ${none.seconds.toFixed(2)} s (${none.summary.rendered} rendered)`,
    );
    for (let k = 0; k < 10; k++)
      await writeChat(chats, chat(k * Math.floor(CHATS / 10), format === "md" ? 1 : 2));
    const incremental = await run(["render", "--dir", root, "--format", format, "--json"]);
    console.log(
      `${format}: after 10 changes ${incremental.seconds.toFixed(2)} s (${incremental.summary.rendered} rendered)`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
