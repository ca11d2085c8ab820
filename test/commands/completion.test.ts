import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { describeCommand } from "../../src/commands/completion.ts";
import { SHELLS } from "../../src/commands/completion-scripts.ts";
import { COMMANDS } from "../../src/commands/registry.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";

// A shell this machine has, or undefined (its tests then skip with a message).
function installed(shell: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${shell}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}
const skipUnless = (shell: string) => (installed(shell) ? false : `${shell} is not installed`);

let work: { path: string; cleanup: () => Promise<void> };
const script = (shell: string) => join(work.path, `claude-backup.${shell}`);

before(async () => {
  work = await tempDir();
  // A folder and a file to complete: folders for backup_dir and --dir, files for import.
  await mkdir(join(work.path, "cwd", "seed-backup"), { recursive: true });
  await writeFile(join(work.path, "cwd", "seed-notes.txt"), "x");
  for (const shell of SHELLS) {
    const result = await runInProcess(["completion", shell]);
    assert.equal(result.code, 0, result.stderr);
    await writeFile(script(shell), result.stdout);
  }
});
after(() => work.cleanup());

describe("the scripts parse in their shell", () => {
  for (const shell of SHELLS) {
    test(`${shell} -n`, { skip: skipUnless(shell) }, () => {
      const checked = spawnSync(shell, ["-n", script(shell)], { encoding: "utf8" });
      assert.equal(checked.status, 0, checked.stderr);
    });
  }
});

// What bash completes for the words typed so far (the last one being completed), from the test's cwd.
function bashComplete(words: string[]): string[] {
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _claude_backup; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync("bash", ["--norc", "-c", program, "bash", script("bash"), ...words], {
    cwd: join(work.path, "cwd"),
    encoding: "utf8",
  });
  return out.split("\n").filter(Boolean);
}

describe("bash completes", { skip: skipUnless("bash") }, () => {
  test("commands and backup folders as the first word", () => {
    const words = bashComplete(["claude-backup", "se"]);
    for (const word of ["search", "serve", "seed-backup"])
      assert.ok(words.includes(word), `${word} in ${words}`);
    assert.ok(!words.includes("seed-notes.txt"), "a file is not a backup folder");
  });
  test("the default command's options without a command word, each command's after it", () => {
    assert.deepEqual(bashComplete(["claude-backup", "--conn"]), ["--connections"]);
    assert.deepEqual(bashComplete(["claude-backup", "sync", "--full"]), ["--full-scan"]);
    assert.deepEqual(bashComplete(["claude-backup", "search", "--re"]), ["--reindex"]);
    assert.deepEqual(bashComplete(["claude-backup", "verify", "--re"]), ["--repair"]);
  });
  test("option values: folders, files, fixed words, nothing", () => {
    assert.deepEqual(bashComplete(["claude-backup", "--dir", "se"]), ["seed-backup"]);
    assert.deepEqual(bashComplete(["claude-backup", "search", "--sender", ""]), ["human", "assistant"]);
    assert.ok(bashComplete(["claude-backup", "--browser", "f"]).includes("firefox"));
    assert.deepEqual(bashComplete(["claude-backup", "-c", ""]), []);
    assert.deepEqual(bashComplete(["claude-backup", "completion", ""]), ["bash", "zsh", "fish"]);
    assert.deepEqual(bashComplete(["claude-backup", "import", "seed-n"]), ["seed-notes.txt"]);
  });
});

describe("fish completes", { skip: skipUnless("fish") }, () => {
  const fishComplete = (line: string) =>
    execFileSync("fish", ["--no-config", "-c", `source ${script("fish")}; complete -C '${line}'`], {
      cwd: join(work.path, "cwd"),
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean)
      .map((row) => row.split("\t")[0]);
  test("commands with their summaries, options per command, option values", () => {
    const first = fishComplete("claude-backup ");
    for (const command of COMMANDS) assert.ok(first.includes(command.name), `${command.name} in ${first}`);
    assert.ok(first.includes("seed-backup/"), `folders too: ${first}`);
    assert.deepEqual(fishComplete("claude-backup --full"), ["--full-scan"]);
    assert.deepEqual(fishComplete("claude-backup search --rei"), ["--reindex"]);
    assert.deepEqual(fishComplete("claude-backup search --full"), [], "sync's options are not search's");
    assert.deepEqual(fishComplete("claude-backup search --sender ").sort(), ["assistant", "human"]);
  });
});

test("zsh registers the completion function", { skip: skipUnless("zsh") }, () => {
  const program = `autoload -Uz compinit && compinit -u -D && source ${script("zsh")} && print -r -- $_comps[claude-backup]`;
  const out = execFileSync("zsh", ["-f", "-c", program], {
    encoding: "utf8",
    env: { HOME: work.path, PATH: process.env.PATH },
  });
  assert.equal(out.trim(), "_claude-backup");
});

test("every command is in every script", async () => {
  for (const shell of SHELLS) {
    const text = (await runInProcess(["completion", shell])).stdout;
    for (const command of COMMANDS)
      assert.match(text, new RegExp(`\\b${command.name}\\b`), `${command.name} in ${shell}`);
  }
});

// The options of each command come from its own OPTIONS export or from the list in completion.ts; this
// keeps the list honest against what each command documents and accepts.
describe("the options completed are each command's options", () => {
  for (const entry of COMMANDS) {
    test(entry.name, async () => {
      const described = await describeCommand(entry);
      const completed = new Set(described.options.map((o) => o.long));
      const help = (await runInProcess([entry.name, "--help"])).stdout;
      const documented = new Set([...help.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1] ?? ""));
      for (const option of documented) {
        assert.ok(
          completed.has(option),
          `${entry.name} --help names --${option}, which completion does not know: add it to KNOWN_OPTIONS in src/commands/completion.ts, or export OPTIONS from the command`,
        );
      }
      for (const option of described.options) {
        const value = option.value === undefined ? [] : ["1"];
        const result = await runInProcess([entry.name, `--${option.long}`, ...value, "--help"]);
        assert.doesNotMatch(
          result.stderr,
          /Unknown option/,
          `${entry.name} does not accept --${option.long}`,
        );
      }
    });
  }
});

test("completion without a known shell is a usage error saying which shells there are", async () => {
  for (const args of [[], ["tcsh"], ["bash", "zsh"]]) {
    const result = await runInProcess(["completion", ...args]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /completion needs one shell: bash, zsh or fish/);
  }
  const help = await runInProcess(["completion", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /bash-completion\/completions/);
});
