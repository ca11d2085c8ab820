import { stat } from "node:fs/promises";
import { join } from "node:path";
import { readTextIfExists } from "../archive/read-text.ts";
import { StoreError } from "../core/errors.ts";
import { accountFile, formatFile, organizationsDir, stateDir } from "../core/layout.ts";
import { storeError } from "../core/store-error.ts";
import { ensureDir, writeFileAtomic } from "../disk/atomic-write.ts";
import { makeBackupPrivate } from "./private-tree.ts";

// The backup folder's format, in `<root>/.claude-backup/format` (an integer and a newline), and the table
// of steps that upgrade older folders. Format 1 is the original Python tool's layout. The original writes
// its own package version into `<root>/version` ("0.1.8\n", claude_backup `Store.__post_init__`) and
// empties the whole folder when that file holds a version it does not know, or is missing. A user may
// still run it on the same folder (an old cron job), so we never create, change or delete `version`:
// we only read it, as one sign of a format-1 folder.

// The format this claude-backup writes: 2 = the original's layout plus our `.claude-backup/` folder.
export const CURRENT_FORMAT = 2;

// One upgrade step; it runs again if cut short (the format is written after it), so it must be repeatable.
export interface Migration {
  from: number;
  to: number;
  describe: string;
  run(root: string): Promise<void>;
}

// 1→2 makes our state folder and makes the original's files private (0600/0700). Adopting its chats (a
// list file that may be missing, file names from its dot bug) happens during sync, which reads the chat
// files themselves.
const MIGRATIONS: Migration[] = [
  {
    from: 1,
    to: 2,
    describe: "create the .claude-backup state folder; make the original tool's files private",
    run: async (root) => {
      await ensureDir(stateDir(root));
      await makeBackupPrivate(root);
    },
  },
];

// A version string of the original tool (PEP 440-like: "0.1.8", "0.2.0rc1"), as opposed to our integers.
const ORIGINAL_TOOL_VERSION = /^\d+(?:\.\d+)+(?:[-+._]?[0-9A-Za-z]+)*$/;

const versionFile = (root: string): string => join(root, "version");

// The folder's format: 1 for the original tool's folders, undefined for a new or empty folder.
export async function readFormatVersion(root: string): Promise<number | undefined> {
  const formatPath = formatFile(root);
  const format = await readTrimmed(formatPath);
  if (format !== undefined) {
    if (/^\d+$/.test(format) && Number(format) >= 1) return Number(format);
    throw notAFormat(formatPath, format, root);
  }
  const versionPath = versionFile(root);
  const version = (await readTrimmed(versionPath)) ?? "";
  if (ORIGINAL_TOOL_VERSION.test(version)) return 1;
  // Early builds of this tool wrote their format ("2") here. Read as 1: the 1→2 step is repeatable and
  // writes `.claude-backup/format`; the stale `version` stays, as every `version` does.
  if (/^\d+$/.test(version) && Number(version) >= 1) return 1;
  if (version !== "") throw notAFormat(versionPath, version, root);
  // No version file: a folder of the original tool before it wrote one, or a new folder.
  return (await exists(accountFile(root))) || (await exists(organizationsDir(root))) ? 1 : undefined;
}

// Upgrades the folder step by step to the table's newest format; refuses folders from a newer claude-backup.
export async function migrateStore(
  root: string,
  migrations: Migration[] = MIGRATIONS,
): Promise<{ from: number | undefined; to: number }> {
  const from = await readFormatVersion(root);
  const target = Math.max(CURRENT_FORMAT, ...migrations.map((m) => m.to));
  if (from !== undefined && from > target) {
    const message = `this backup folder (${root}) was written by a newer claude-backup (format ${from})`;
    throw new StoreError("STORAGE", `${message}; upgrade claude-backup`);
  }
  let at = from ?? 1; // a new folder is set up by the same steps as an empty format-1 folder
  if (at < target) await ensureDir(root);
  while (at < target) {
    const step = migrations.find((m) => m.from === at);
    if (!step || step.to <= at) throw new Error(`no migration from backup format ${at} in the table`);
    await step.run(root);
    await ensureDir(stateDir(root));
    await writeFileAtomic(formatFile(root), `${step.to}\n`);
    at = step.to;
  }
  return { from, to: at };
}

// A file's text without surrounding whitespace; undefined when it does not exist.
async function readTrimmed(path: string): Promise<string | undefined> {
  return (await readTextIfExists(path))?.trim();
}

function notAFormat(path: string, text: string, root: string): StoreError {
  const shown = JSON.stringify(text.slice(0, 40));
  return new StoreError(
    "STORAGE",
    `${path} holds ${shown}, not a format version; is ${root} a claude-backup folder?`,
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw storeError(error, `cannot look at ${path}`);
  }
}
