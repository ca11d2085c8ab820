import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { StoreError } from "../errors.ts";
import { ensureDir, writeFileAtomic } from "./atomic-write.ts";
import { accountFile, organizationsDir, stateDir } from "./layout.ts";
import { makeBackupPrivate } from "./private-tree.ts";
import { storeError } from "./store-error.ts";

// The backup folder's format, in `<root>/version` (an integer and a newline), and the table of steps
// that upgrade older folders. Format 1 is the original Python tool's layout; it writes its own package
// version into the same file ("0.1.8\n", claude_backup `Store.__post_init__`), which we read as 1.

// The format this claude-backup writes: 2 = the original's layout plus our `.claude-backup/` folder.
export const CURRENT_FORMAT = 2;

// One upgrade step; it runs again if cut short (`version` is written after it), so it must be repeatable.
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
  const path = versionFile(root);
  let text = "";
  try {
    text = (await readFile(path, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw storeError(error, `cannot read ${path}`);
  }
  if (/^\d+$/.test(text) && Number(text) >= 1) return Number(text);
  if (ORIGINAL_TOOL_VERSION.test(text)) return 1;
  if (text !== "") {
    const shown = JSON.stringify(text.slice(0, 40));
    throw new StoreError(
      "STORAGE",
      `${path} holds ${shown}, not a format version; is ${root} a claude-backup folder?`,
    );
  }
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
    await writeFileAtomic(versionFile(root), `${step.to}\n`);
    at = step.to;
  }
  return { from, to: at };
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
