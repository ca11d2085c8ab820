import { BROWSERS } from "../auth/browsers.ts";
import { EXIT_CODES, UsageError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import {
  type CompletionCommand,
  type CompletionOption,
  completionScript,
  INSTALL,
  SHELLS,
  type Shell,
  type ValueHint,
} from "./completion-scripts.ts";
import type { CommandIo } from "./io.ts";
import { type OptionTable, parseOptions } from "./parse-options.ts";
import { COMMANDS, type CommandEntry } from "./registry.ts";

// What every command takes, for a command that exports no OPTIONS table.
const FALLBACK_OPTIONS: OptionTable = { help: { type: "boolean", short: "h" }, dir: { type: "string" } };

// What option values complete to, by option name (any other value: nothing to suggest).
const VALUE_HINTS: Readonly<Record<string, ValueHint>> = {
  dir: "dirs",
  "session-key-file": "files",
  index: "files",
  out: "files",
  output: "files",
  browser: BROWSERS.map((browser) => browser.id),
  sender: ["human", "assistant"],
  format: ["md", "html"],
};

// What the positional arguments complete to; a command not named here gets files.
const POSITIONALS: Readonly<Record<string, ValueHint>> = {
  sync: "dirs",
  search: "none",
  verify: "none",
  serve: "none",
  import: "files",
  completion: SHELLS,
};

export const HELP = `usage: claude-backup completion bash|zsh|fish

Prints a completion script for the commands and options of claude-backup, for the shell named.
Install it once (and again after an upgrade, so new commands and options complete):

  bash  ${INSTALL.bash}
  zsh   ${INSTALL.zsh}
  fish  ${INSTALL.fish}

options:
  -h, --help  show this help
`;

// `claude-backup completion SHELL`: the script on stdout.
export async function run(io: CommandIo): Promise<number> {
  const parsed = parseOptions(io.argv, OPTIONS);
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const [shell, ...extra] = parsed.positionals;
  if (!isShell(shell) || extra.length > 0) {
    throw new UsageError(
      `completion needs one shell: bash, zsh or fish${shell === undefined ? "" : `, got "${parsed.positionals.join(" ")}"`}`,
    );
  }
  const commands = await Promise.all(COMMANDS.map(describeCommand));
  const extraWords = [{ name: "help", summary: "show the options and the commands" }];
  io.stdout.write(completionScript(shell, { program: "claude-backup", commands, extraWords }));
  return EXIT_CODES.ok;
}

// One command as the scripts see it: its options from its own OPTIONS table.
export async function describeCommand(entry: CommandEntry): Promise<CompletionCommand> {
  const exported = (await entry.load()) as { OPTIONS?: unknown };
  const table = isOptionTable(exported.OPTIONS) ? exported.OPTIONS : FALLBACK_OPTIONS;
  const options: CompletionOption[] = Object.entries(table).map(([long, spec]) => ({
    long,
    ...(spec.short ? { short: spec.short } : {}),
    ...(spec.type === "string" ? { value: VALUE_HINTS[long] ?? "none" } : {}),
  }));
  return {
    name: entry.name,
    summary: entry.summary,
    options,
    positional: POSITIONALS[entry.name] ?? "files",
  };
}

function isShell(word: string | undefined): word is Shell {
  return SHELLS.some((shell) => shell === word);
}

function isOptionTable(value: unknown): value is OptionTable {
  return (
    isRecord(value) &&
    Object.values(value).every(
      (spec) =>
        isRecord(spec) &&
        (spec.type === "string" || spec.type === "boolean") &&
        (spec.short === undefined || typeof spec.short === "string"),
    )
  );
}

// The options of `completion`.
export const OPTIONS = { help: { type: "boolean", short: "h" } } as const;
