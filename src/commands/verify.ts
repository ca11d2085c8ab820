import { chmod, link, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { EXIT_CODES, StoreError, UsageError } from "../core/errors.ts";
import { accountFile, organizationsDir, stateDir } from "../core/layout.ts";
import { newTempName } from "../core/temp-names.ts";
import { ensureDir, moveFile } from "../disk/atomic-write.ts";
import { acquireLock, type Lock } from "../store/lock.ts";
import { printable } from "../ui/terminal-text.ts";
import type { Problem } from "../verify/problem.ts";
import { countBy, reportJson, summaryLine } from "../verify/summary.ts";
import { verifyBackup } from "../verify/verify-backup.ts";
import { resolveBackupDir } from "./backup-dir.ts";
import type { CommandIo } from "./io.ts";
import { parseOptions } from "./parse-options.ts";

const HELP = `usage: claude-backup verify [--dir DIR] [--json] [--repair]

Reads the whole backup offline and lists what is wrong, one line per problem on stdout:
<kind>\\t<path>\\t<detail>, then a summary on stderr. Changes nothing unless --repair is given.

Checks: every JSON file parses (account, chat lists, chats, file manifests); each chat file holds
the chat its name says, once; stored files match their SHA-256; what manifests name is stored and
linked under chat_files/; no temp files are left; nothing is readable by other users (not on Windows).

options:
  --dir DIR   the backup folder (default: CLAUDE_BACKUP_DIR, else the default backup folder)
  --json      print one JSON object instead: {root, checked, counts, problems: [{kind, path, detail, fix}]}
  --repair    fix what can be fixed here: make modes private, remove damaged stored files (the next
              sync fetches them again), link chat_files/ again, remove temp files (only while no
              sync is running); then verify again and list what is left
  -h, --help  show this help

exit status: 0 no problems; ${EXIT_CODES.damaged} problems found (with --repair: problems left); 2 bad command line
`;

// The order repairs run in: damaged content goes before links are made, modes last.
const ORDER = { remove: 0, link: 1, chmod: 2 } as const;

// `claude-backup verify`: checks the backup folder, optionally repairs it. Returns the exit code.
export async function run(io: CommandIo): Promise<number> {
  const options = parse(io.argv);
  if (options.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const root = resolveBackupDir(options.dir, io.env);
  await assertBackup(root);
  const note = (text: string) => io.stderr.write(`verify: ${printable(text)}\n`);
  let report = await verifyBackup(root, { signal: io.signal });
  let repaired: Problem[] | undefined;
  if (options.repair) {
    repaired = await repair(root, report.problems, note);
    report = await verifyBackup(root, { signal: io.signal });
  } else if (report.problems.some((p) => p.kind === "temp-file") && (await exists(lockPath(root)))) {
    note(`${lockPath(root)} exists: a sync may be running, and its temp files are work in progress`);
  }
  if (options.json) io.stdout.write(`${reportJson(report, repaired)}\n`);
  else {
    const lines = report.problems.map((p) => [p.kind, p.path, p.detail].map(printable).join("\t"));
    io.stdout.write(lines.map((line) => `${line}\n`).join(""));
  }
  note(summaryLine(report, repaired));
  return report.problems.length === 0 ? EXIT_CODES.ok : EXIT_CODES.damaged;
}

// Carries out the repairs verify planned; returns those done. Temp files are only removed while we
// hold the folder's lock, so that a running sync never loses a file it is writing.
async function repair(root: string, problems: Problem[], note: (text: string) => void): Promise<Problem[]> {
  const planned = problems.filter((p) => p.repair !== undefined);
  if (planned.length === 0) return [];
  let lock: Lock | undefined;
  try {
    lock = await acquireLock(root);
  } catch (error) {
    if (!(error instanceof StoreError && error.code === "LOCKED")) throw error;
    note("a sync is running (the folder is locked): temp files are left in place");
  }
  const done: Problem[] = [];
  try {
    const ordered = planned
      .filter((p) => lock !== undefined || p.kind !== "temp-file")
      .sort((a, b) => ORDER[a.repair?.action ?? "chmod"] - ORDER[b.repair?.action ?? "chmod"]);
    for (const problem of ordered) {
      try {
        await repairOne(problem);
        done.push(problem);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        note(`cannot repair ${problem.kind} ${problem.path}: ${reason}`);
      }
    }
  } finally {
    await lock?.release();
  }
  const kinds = Object.entries(countBy(done, (p) => p.kind)).map(([kind, n]) => `${n} ${kind}`);
  if (kinds.length > 0) note(`repaired ${kinds.join(", ")}`);
  return done;
}

async function repairOne(problem: Problem): Promise<void> {
  const { repair: action, path } = problem;
  if (action?.action === "chmod") {
    // A temp file removed a moment ago needs no mode any more.
    await chmod(path, action.mode).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  } else if (action?.action === "remove") await rm(path, { force: true });
  else if (action?.action === "link") {
    // A new hard link under a temp name, then renamed over the wrong file: never a moment without one.
    await ensureDir(dirname(path));
    const temp = join(dirname(path), newTempName());
    await link(action.from, temp);
    try {
      await moveFile(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

// Refuses a folder that holds no backup, rather than reporting a clean nothing.
async function assertBackup(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UsageError(`no backup folder at ${root}: pass --dir DIR or set CLAUDE_BACKUP_DIR`);
  }
  if (!(await exists(accountFile(root))) && !(await exists(organizationsDir(root)))) {
    throw new UsageError(
      `${root} holds no backup (no account.json, no organizations/): pass --dir DIR or set CLAUDE_BACKUP_DIR`,
    );
  }
}

// The options of `verify`.
export const OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  repair: { type: "boolean" },
  dir: { type: "string" },
} as const;

function parse(argv: string[]): { help: boolean; json: boolean; repair: boolean; dir?: string } {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  if (positionals.length > 0)
    throw new UsageError(`verify takes the folder as --dir DIR, not "${positionals[0]}"`);
  const { help = false, json = false, repair = false, dir } = values;
  return dir === undefined ? { help, json, repair } : { help, json, repair, dir };
}

const lockPath = (root: string): string => join(stateDir(root), "lock");

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
