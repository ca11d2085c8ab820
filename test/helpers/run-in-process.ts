import { PassThrough } from "node:stream";
import { execute } from "../../src/main.ts";
import type { CliOptions, CliResult } from "./run-cli.ts";

// Runs a whole claude-backup command line in this process, with its own streams, environment and
// signal, the way src/main.ts runs it for the real process. Much faster than a child process; use
// runCli for what needs a real process (signals, exit codes of the bin, kill -9, the Node gate).
export async function runInProcess(
  args: string[],
  options: CliOptions & { signal?: AbortSignal; secrets?: Set<string>; tty?: boolean } = {},
): Promise<CliResult & { code: number }> {
  // A stdout that claims to be a terminal (tty) gets colours unless NO_COLOR is set again in env.
  const env: Record<string, string> = { NO_COLOR: options.tty ? "" : "1" };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  const stdin = new PassThrough();
  stdin.end(options.input ?? "");
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  stderr.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const secrets = options.secrets ?? new Set<string>();
  if (env.CLAUDE_SESSION_KEY) secrets.add(env.CLAUDE_SESSION_KEY);
  const code = await execute(args, {
    env,
    stdin,
    stdout,
    stderr,
    signal: options.signal ?? new AbortController().signal,
    version: "test",
    secrets,
  });
  return { code, signal: null, stdout: out, stderr: err };
}
