import { statSync } from "node:fs";
import { resolve } from "node:path";
import { EXIT_CODES, UsageError } from "../core/errors.ts";
import { organizationsDir } from "../core/layout.ts";
import { exportSqlite } from "../export/export-sqlite.ts";
import { loadSqlite } from "../search/sqlite.ts";
import { printable } from "../ui/terminal-text.ts";
import { resolveBackupDir } from "./backup-dir.ts";
import type { CommandIo } from "./io.ts";
import { parseOptions } from "./parse-options.ts";

const HELP = `usage: claude-backup export sqlite FILE [--dir DIR]

Writes the whole backup into one SQLite file, for Datasette (datasette FILE) or any SQL tool:
organizations, projects and their docs, conversations, messages of every branch (parent_message_uuid,
is_active), content blocks, attachments, files (with their stored path) and every artifact version,
with full-text indexes (<table>_fts). Column names follow claude-to-sqlite where they mean the same.

FILE is written whole or not at all (a temp file renamed at the end); an existing SQLite FILE is
replaced, any other existing file is refused.

options:
  --dir DIR     the backup folder (default: CLAUDE_BACKUP_DIR, else the original tool's folder)
  -h, --help    show this help

exit codes: 0 written; 2 bad command line, no backup in DIR, or FILE is not an SQLite file;
9 FILE cannot be written; 11 this Node.js has no node:sqlite with FTS5.
`;

// The options of `export`.
export const OPTIONS = { dir: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

// `claude-backup export sqlite FILE`.
export async function run(io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(io.argv, OPTIONS);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const [format, file, ...extra] = positionals;
  if (format !== "sqlite") {
    throw new UsageError(
      format
        ? `export: unknown format '${format}' (sqlite is the one there is)`
        : "export: say what to export: claude-backup export sqlite FILE",
    );
  }
  if (!file || extra.length > 0)
    throw new UsageError("export sqlite needs exactly one FILE, e.g. claude-backup export sqlite claude.db");
  const root = resolveBackupDir(values.dir, io.env);
  if (!statSync(organizationsDir(root), { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(
      `no backup in ${root} (no organizations/ folder): run claude-backup sync first, or give --dir`,
    );
  }
  const sqlite = await loadSqlite("export sqlite");
  const started = Date.now();
  const target = resolve(file);
  const report = await exportSqlite(sqlite, {
    root,
    file: target,
    version: io.version,
    now: () => new Date(),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stderr.write(
    `claude-backup: exported ${report.conversations} chats (${report.messages} messages), ${report.projects} projects to ${printable(target)} in ${seconds} s\n`,
  );
  return EXIT_CODES.ok;
}
