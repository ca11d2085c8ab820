import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The real CLI entry point, run by the same Node that runs the tests (Node 24 strips the types).
export const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

// Starts the CLI as a child process with a clean environment (no real HOME, so no real browser).
export function startCli(
  args: string[],
  options: CliOptions = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", NO_COLOR: "1" };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(options.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // A warning Node printed for the child (deprecation, experimental feature, leak) fails the test.
      const warning = /\(node:\d+\) \[?\w*Warning\]?.*/.exec(stderr);
      if (warning) reject(new Error(`unexpected process warning in the CLI: ${warning[0]}`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

// Runs the CLI to completion.
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

// A fresh temporary folder, removed by the returned cleanup.
export async function tempDir(
  prefix = "claude-backup-test-",
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
