// Runs the real CLI as a child process, the way a person would, and measures it from the outside:
// wall time from spawn to exit, the `<uuid>\t<name>` lines it prints, and (through usage-probe.mjs)
// its own CPU time and peak memory.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

// The published command, as `npx claude-backup` runs it (`npm run bench` builds it first). `--cli`
// names another build (an older commit's, for a before/after comparison in the same time window).
export const DEFAULT_CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const PROBE = new URL("./usage-probe.mjs", import.meta.url).href;

// What usage-probe.mjs writes when the child exits.
export interface ChildUsage {
  maxRssKb: number; // peak resident set size (kilobytes, as getrusage reports it)
  userMs: number;
  systemMs: number;
}
// A saved chat, as the CLI prints it on stdout.
const CHAT_LINE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\t/;
// No benchmark run should come near this; a hung child is killed rather than waited for.
const CHILD_TIMEOUT_MS = 10 * 60_000;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  saved: string[]; // uuids of the chats the run printed as saved, in order
  stderr: string;
  usage: ChildUsage | undefined; // undefined when the child was killed
}

export interface ChildOptions {
  env: Record<string, string>; // CLAUDE_SESSION_KEY, CLAUDE_BACKUP_BASE_URL, HOME …
  scratch: string; // a folder for the usage file
  cli?: string; // the built cli.js to run (default: this checkout's dist/cli.js)
  // Called after each saved chat with the count so far; may kill the child.
  onSaved?: (count: number, child: ChildProcess) => void;
}

let runs = 0;

// `node --import usage-probe.mjs dist/cli.js <args>`, run to its end.
export async function runBackupCli(args: string[], options: ChildOptions): Promise<ChildRun> {
  const usageFile = join(options.scratch, `usage-${process.pid}-${++runs}.json`);
  await rm(usageFile, { force: true });
  const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env, BENCH_USAGE_FILE: usageFile };
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", PROBE, options.cli ?? DEFAULT_CLI, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exitedAt = 0;
  child.once("exit", () => {
    exitedAt = performance.now();
  });
  const saved: string[] = [];
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const uuid = CHAT_LINE.exec(line)?.[1];
      if (!uuid) continue;
      saved.push(uuid);
      options.onSaved?.(saved.length, child);
    }
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  clearTimeout(timer);
  return {
    code,
    signal,
    wallMs: (exitedAt || performance.now()) - started,
    saved,
    stderr,
    usage: await readUsage(usageFile),
  };
}

async function readUsage(file: string): Promise<ChildUsage | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as ChildUsage;
  } catch {
    return undefined;
  }
}
