// `npm run demo`: a real backup, through the real CLI, against the bundled fake claude.ai, into a
// temporary folder; then what the other commands do with it: render, search, export, verify, serve.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeClaude } from "../test/fake-claude/server.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const fake = await startFakeClaude({
  organizations: 2,
  chatsPerOrg: 40,
  latencyMs: 20,
  files: true,
  projects: 2,
});
const scratch = await mkdtemp(join(tmpdir(), "claude-backup-demo-"));
const root = join(scratch, "backup");
const env = {
  ...process.env,
  CLAUDE_SESSION_KEY: fake.sessionKey,
  CLAUDE_BACKUP_BASE_URL: fake.url,
  CLAUDE_BACKUP_DIR: root,
  HOME: scratch, // no real browser profiles are looked at
};

// Runs the CLI with `args`, its output shown as it comes (cut to `maxLines` lines of stdout).
function claudeBackup(title: string, args: string[], maxLines = 12): Promise<void> {
  process.stdout.write(`\n=== ${title}\n$ claude-backup ${args.join(" ")}\n`);
  fake.resetRequests();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
    let lines = 0;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split(/(?<=\n)/)) {
        if (++lines <= maxLines) process.stdout.write(line);
        else if (lines === maxLines + 1) process.stdout.write("…\n");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      process.stdout.write(`(exit code ${code}, ${fake.count()} requests to the fake claude.ai)\n`);
      resolve();
    });
  });
}

// Starts the viewer, asks it for its chat list like a browser would, and stops it.
async function viewer(): Promise<void> {
  process.stdout.write("\n=== the local viewer: serve, open the chat list, Ctrl-C\n$ claude-backup serve\n");
  const child = spawn(process.execPath, [cli, "serve"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      const found = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(text);
      if (found) resolve(found[0]);
    });
    child.on("close", () => reject(new Error("serve stopped before printing its URL")));
  });
  process.stdout.write(`${url}\n`);
  // The first visit trades the token for a cookie and redirects to the page without the token.
  const first = await fetch(url, { redirect: "manual" });
  const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const page = await fetch(new URL(first.headers.get("location") ?? "/", url), { headers: { cookie } });
  const html = await page.text();
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
  process.stdout.write(
    `GET ${new URL(url).pathname} -> ${page.status} "${title}", ${html.length} bytes of HTML\n`,
  );
  const refused = await fetch(new URL("/", url));
  process.stdout.write(`GET / without the token -> ${refused.status}\n`);
  child.kill("SIGINT");
  await new Promise((resolve) => child.on("close", resolve));
}

try {
  await claudeBackup("first sync: every chat, project, file and memory of every organization", ["sync"], 6);
  await claudeBackup("second sync: nothing changed", ["sync"]);
  const [org] = fake.chatOrgs();
  if (org) {
    const [newest, second] = fake.listEntries(org.uuid) as { uuid: string }[];
    if (newest) fake.renameChat(org.uuid, newest.uuid, "Renamed on claude.ai");
    if (second) fake.updateChat(org.uuid, second.uuid);
    fake.createChat(org.uuid, { name: "A brand new chat" });
  }
  await claudeBackup("third sync: one chat renamed, one updated, one created", ["sync"]);
  process.stdout.write(`\nThe backup is in ${root}:\n`);
  for (const dir of await readdir(join(root, "organizations"))) {
    const chats = await readdir(join(root, "organizations", dir, "chat_conversations"));
    process.stdout.write(`  organizations/${dir}/  (${chats.length} chats, e.g. ${chats[0]})\n`);
  }
  await claudeBackup("render every chat as Markdown (only changed ones on later runs)", ["render"]);
  const firstChat = join(root, "organizations", (await readdir(join(root, "organizations")))[0] ?? "");
  const sample = (await readdir(join(firstChat, "chat_conversations")))[0];
  if (sample) {
    await claudeBackup(
      "print one chat's branches",
      ["render", join(firstChat, "chat_conversations", sample), "--branches"],
      6,
    );
  }
  await claudeBackup("full-text search, every branch, accents ignored", ["search", "cafe", "--limit", "3"]);
  await claudeBackup(
    "the same hits for scripts, one JSON object a line",
    ["search", "cafe", "--limit", "2", "--json"],
    2,
  );
  await claudeBackup("a SQLite file for Datasette", ["export", "sqlite", join(scratch, "claude.db")]);
  await claudeBackup("verify the whole backup offline", ["verify"]);
  await viewer();
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  if (readme.includes("claude-backup import")) {
    process.stdout.write(
      "\n(import of claude.ai's official export: see the README, `claude-backup import`)\n",
    );
  }
} finally {
  await fake.close();
}
process.stdout.write(`\nEverything the demo made is in ${scratch}\n`);
