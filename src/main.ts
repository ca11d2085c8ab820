import { readFileSync } from "node:fs";
import { backupCommand } from "./commands/backup.ts";
import { BackupError, EXIT_CODES, redact, UsageError } from "./errors.ts";
import { printableLines } from "./ui/terminal-text.ts";

// The one place that turns errors into messages and exit codes, and that touches process state.
export async function runMain(argv: string[]): Promise<void> {
  const interrupt = new AbortController();
  let signals = 0;
  const onSignal = () => {
    // First Ctrl-C: stop politely (in-flight writes finish, state is saved). Second: stop now; the
    // folder is still consistent, since every write is atomic and the journal tolerates a cut.
    if (++signals > 1) process.exit(EXIT_CODES.interrupted);
    process.stderr.write(
      "\nclaude-backup: stopping after the chats being saved (Ctrl-C again to stop at once)\n",
    );
    interrupt.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const secrets = [process.env.CLAUDE_SESSION_KEY];
  try {
    process.exitCode = await backupCommand({
      argv,
      env: process.env,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: interrupt.signal,
      version: packageVersion(),
    });
  } catch (error) {
    process.exitCode = report(error, secrets);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function report(error: unknown, secrets: (string | undefined)[]): number {
  const write = (text: string) =>
    process.stderr.write(`claude-backup: ${printableLines(redact(text, secrets))}\n`);
  if (error instanceof UsageError) {
    write(error.message);
    process.stderr.write("Try 'claude-backup --help' for the options.\n");
    return error.exitCode;
  }
  if (error instanceof BackupError) {
    write(error.message);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`unexpected error: ${message}. This is a bug; please report it with the output of --verbose.`);
  if (process.env.CLAUDE_BACKUP_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${redact(error.stack, secrets)}\n`);
  }
  return EXIT_CODES.internal;
}

// The version in package.json (one folder above both src/ and dist/).
function packageVersion(): string {
  try {
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed && "version" in parsed && typeof parsed.version === "string") {
      return parsed.version;
    }
  } catch {
    // fall through
  }
  return "unknown";
}
