import type { CommandIo } from "./commands/io.ts";
import { COMMANDS, findCommand } from "./commands/registry.ts";
import { BackupError, EXIT_CODES, redact, UsageError } from "./core/errors.ts";
import { printableLines } from "./ui/terminal-text.ts";

// The one place that turns errors into messages and exit codes, and that touches process state.
export async function runMain(argv: string[]): Promise<void> {
  const interrupt = new AbortController();
  let signals = 0;
  const onSignal = () => {
    // First Ctrl-C: stop politely (in-flight writes finish, state is saved). Second: stop now; the
    // folder is still consistent, since every write is atomic and the journal tolerates a cut.
    if (++signals > 1) process.exit(EXIT_CODES.interrupted);
    process.stderr.write("\nclaude-backup: stopping (Ctrl-C again to stop at once)\n");
    interrupt.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // `claude-backup search … | head`: the reader is gone, and what is left to print is not wanted. The
  // command goes on quietly (a sync still saves everything) instead of dying on an unhandled EPIPE.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
  const secrets = new Set<string>();
  if (process.env.CLAUDE_SESSION_KEY) secrets.add(process.env.CLAUDE_SESSION_KEY);
  const io: Omit<CommandIo, "argv"> = {
    env: process.env,
    // process.stdin is built on first read (a few ms): only commands that read it pay for it.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    signal: interrupt.signal,
    version: packageVersion(),
    secrets,
  };
  try {
    process.exitCode = await execute(argv, io);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

// Runs a command line to its exit code, errors reported on io.stderr. Tests call it in-process.
export async function execute(argv: string[], io: Omit<CommandIo, "argv">): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

// Runs `claude-backup [command] …`: a command word picks the command; anything else is the original
// tool's command line, which syncs.
async function dispatch(argv: string[], io: Omit<CommandIo, "argv">): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "-v" || first === "--version") {
    io.stdout.write(`claude-backup ${io.version}\n`);
    return EXIT_CODES.ok;
  }
  if (first === "help") return runCommand("sync", ["--help"], io, true);
  const command = findCommand(first);
  if (command) return runCommand(command.name, rest, io, false);
  const wantsHelp = argv.includes("-h") || argv.includes("--help");
  return runCommand("sync", argv, io, wantsHelp);
}

async function runCommand(
  name: string,
  argv: string[],
  io: Omit<CommandIo, "argv">,
  listCommands: boolean,
): Promise<number> {
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command '${name}'`);
  const code = await (await command.load()).run({ ...io, argv });
  if (listCommands) io.stdout.write(commandList());
  return code;
}

// The commands section `claude-backup --help` ends with.
function commandList(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return `\ncommands (claude-backup <command> --help for each):\n${lines.join("\n")}\n`;
}

// Prints an error as one line on io.stderr (secrets redacted, stack only under CLAUDE_BACKUP_DEBUG) and
// returns its exit code.
export function reportError(error: unknown, io: Pick<CommandIo, "env" | "stderr" | "secrets">): number {
  const secrets = [...io.secrets];
  const write = (text: string) =>
    io.stderr.write(`claude-backup: ${printableLines(redact(text, secrets))}\n`);
  if (error instanceof UsageError) {
    write(error.message);
    io.stderr.write("Try 'claude-backup --help' for the options.\n");
    return error.exitCode;
  }
  if (error instanceof BackupError) {
    write(error.message);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`unexpected error: ${message}. This is a bug; please report it with the output of --verbose.`);
  if (io.env.CLAUDE_BACKUP_DEBUG && error instanceof Error && error.stack) {
    io.stderr.write(`${redact(error.stack, secrets)}\n`);
  }
  return EXIT_CODES.internal;
}

// The version in package.json (one folder above both src/ and dist/).
function packageVersion(): string {
  try {
    // Fetched, not imported: an import of node:fs loads fs/promises, streams and readline too, which
    // every command would pay for at start-up.
    const { readFileSync } = process.getBuiltinModule("node:fs");
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
