// Viewer benchmark: writes a synthetic backup of 10,000 chats straight into the backup layout (list
// file rows and chat files, one chat of 500 messages with Markdown and code), starts the viewer in
// this process, and times over loopback the chat list's first page and the 500-message chat: the
// first request (the index is built, the chat file read and rendered) and the median of repeats.
// Usage: node bench/serve.ts [--chats N] [--messages N] [--runs N] [--keep]

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ROOT_PARENT } from "../src/core/chat-tree.ts";
import { chatFileName, orgDirName } from "../src/core/names.ts";
import { createMarkdownToHtml } from "../src/render/markdown-html.ts";
import { createChatIndex } from "../src/serve/chat-index.ts";
import { createMessageCache } from "../src/serve/message-cache.ts";
import { createProjectIndex } from "../src/serve/project-index.ts";
import { startViewer } from "../src/serve/server.ts";
import { warmUpRenderer } from "../src/serve/warm-up.ts";

const AIM_MS = 100;
const { values } = parseArgs({
  options: {
    chats: { type: "string", default: "10000" },
    messages: { type: "string", default: "500" },
    runs: { type: "string", default: "20" },
    keep: { type: "boolean" },
  },
});
const CHATS = Number(values.chats);
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);

const ORG = "5e7a0000-0000-4000-8000-000000000001";
const uuidOf = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString().replace("Z", "000Z");

const PARAGRAPH =
  "Let's compare the **trade-offs** — latency, cost, and complexity. The function returns `undefined` when the list is empty; see [the docs](https://example.com/docs).";
const CODE =
  "```python\ndef hydration(flour, water):\n    return water / flour\n\nprint(hydration(500, 375))\n```";

function message(uuid: string, parent: string, sender: string, n: number, rich: boolean) {
  const text =
    sender === "human"
      ? `Question ${n}: could you walk me through this step by step?`
      : rich
        ? `${PARAGRAPH}\n\n- one\n- two\n\n${CODE}\n\n${PARAGRAPH}`
        : PARAGRAPH;
  return {
    uuid,
    parent_message_uuid: parent,
    sender,
    index: n,
    created_at: at(n),
    updated_at: at(n),
    text: "",
    content: [{ type: "text", text, citations: [] }],
    attachments: [],
    files: [],
    files_v2: [],
  };
}

function chatJson(uuid: string, name: string, count: number, n: number) {
  const messages = [];
  let parent = ROOT_PARENT;
  for (let i = 0; i < count; i++) {
    const id = uuidOf(uuid.slice(0, 8), (n << 12) + i + 1);
    messages.push(message(id, parent, i % 2 === 0 ? "human" : "assistant", i, count > 10));
    parent = id;
  }
  return {
    uuid,
    name,
    summary: "",
    model: n % 3 ? "claude-sonnet-4-5" : "claude-opus-4-1",
    created_at: at(n),
    updated_at: at(n + 1),
    is_starred: n % 50 === 0,
    project_uuid: null,
    current_leaf_message_uuid: parent,
    chat_messages: messages,
  };
}

async function writeArchive(root: string): Promise<[string, string]> {
  const orgDir = join(root, "organizations", orgDirName("Bench org", ORG));
  const chatsDir = join(orgDir, "chat_conversations");
  await mkdir(chatsDir, { recursive: true });
  await writeFile(
    join(root, "account.json"),
    JSON.stringify({ memberships: [{ organization: { uuid: ORG, name: "Bench org" } }] }),
  );
  const rows = [];
  const big: string[] = [];
  for (let n = 0; n < CHATS; n++) {
    const long = n < 2;
    const uuid = uuidOf(long ? "b1900000" : "c0000000", n);
    const chat = chatJson(
      uuid,
      long ? `Long chat ${n + 1}` : `Synthetic chat number ${n}`,
      long ? MESSAGES : 4,
      n,
    );
    if (long) big.push(uuid);
    const { chat_messages: _, ...row } = chat;
    rows.push(row);
    await writeFile(join(chatsDir, chatFileName(chat.name, uuid)), JSON.stringify(chat));
  }
  rows.reverse();
  await writeFile(join(orgDir, "chat_conversations.json"), JSON.stringify(rows));
  return [big[0] ?? "", big[1] ?? ""];
}

function time(url: string, cookie: string): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () => resolve({ ms: performance.now() - started, bytes, status: res.statusCode ?? 0 }));
    })
      .on("error", reject)
      .end();
  });
}

const root = await mkdtemp(join(tmpdir(), "claude-backup-bench-serve-"));
try {
  const writing = performance.now();
  const [big, big2] = await writeArchive(root);
  process.stderr.write(`wrote ${CHATS} chats in ${((performance.now() - writing) / 1000).toFixed(1)} s\n`);
  const token = "bench-token";
  const index = createChatIndex(root, () => {});
  const building = performance.now();
  await index.current();
  const buildMs = performance.now() - building;
  // What serve does before it prints the URL.
  const markdown = createMarkdownToHtml();
  warmUpRenderer(markdown);
  const viewer = await startViewer({
    root,
    port: 0,
    token,
    index,
    projects: createProjectIndex(),
    rendered: createMessageCache(),
    markdown,
    search: {
      search: async () => ({
        q: "",
        form: {
          org: "",
          project: "",
          sender: "",
          model: "",
          since: "",
          until: "",
          starred: false,
          rank: false,
        },
        hits: [],
      }),
      warm: async () => {},
    },
    warn: (m) => process.stderr.write(`${m}\n`),
  });
  const cookie = `claude_backup_${new URL(viewer.origin).port}=${token}`;
  const targets = [
    ["chat list, first page (HTML)", `${viewer.origin}/`],
    ["chat list, first page (JSON API)", `${viewer.origin}/api/chats`],
    ["chat list, title filter", `${viewer.origin}/?q=number+99`],
    [`chat of ${MESSAGES} messages`, `${viewer.origin}/chat/${big}`],
    [`another chat of ${MESSAGES} messages`, `${viewer.origin}/chat/${big2}`],
  ] as const;
  const lines: string[] = [];
  for (const [label, url] of targets) {
    const first = await time(url, cookie);
    if (first.status !== 200) throw new Error(`${label}: HTTP ${first.status}`);
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push((await time(url, cookie)).ms);
    runs.sort((a, b) => a - b);
    const median = runs[Math.floor(runs.length / 2)] ?? 0;
    const verdict = first.ms < AIM_MS && median < AIM_MS ? "ok" : `over ${AIM_MS} ms`;
    lines.push(
      `${label.padEnd(34)} first ${first.ms.toFixed(1).padStart(6)} ms   median of ${RUNS} ${median.toFixed(1).padStart(6)} ms   ${(first.bytes / 1024).toFixed(0).padStart(5)} KiB   ${verdict}`,
    );
  }
  await viewer.close();
  process.stdout.write(
    `chat index of ${CHATS} chats built at start-up (before the URL is printed): ${buildMs.toFixed(0)} ms\n`,
  );
  process.stdout.write(
    `claude-backup serve on ${CHATS.toLocaleString("en-US")} chats (node ${process.version}, ${process.platform})\n${lines.join("\n")}\n`,
  );
} finally {
  if (values.keep) process.stderr.write(`kept ${root}\n`);
  else await rm(root, { recursive: true, force: true });
}
