import { BackupError, EXIT_CODES, UsageError } from "../core/errors.ts";
import { planImport } from "../import/plan.ts";
import { runImport } from "../import/run-import.ts";
import { type ImportSummary, importSummaryLine } from "../import/summary.ts";
import { printable } from "../ui/terminal-text.ts";
import { resolveBackupDir } from "./backup-dir.ts";
import type { CommandIo } from "./io.ts";
import { parseOptions } from "./parse-options.ts";

const HELP = `usage: claude-backup import [options] PATH...

Merges claude.ai's official export (Settings → Privacy → Export data) into the backup folder, in the
same layout as a sync, so search, render and the viewer show imported chats like the others.

PATH is any form the export has had: a data-…-batch-0000.zip (give every batch), conversations.json,
the unpacked folder, or the newer manifest-….json with its downloads (conversations-000.zip,
projects-000.zip, users.json, memories.json) saved next to it.

A chat the backup already holds from the API is never overwritten (the API copy is richer); an
imported chat is marked as such, and the next sync replaces it with the API copy.

options:
  --dir DIR      the backup folder (default: $CLAUDE_BACKUP_DIR, else the default folder)
  --org UUID     the organization to import into (needed when the backup has several)
  --dry-run      say what would be imported; write nothing
  --json         print the summary as JSON on stdout instead of one line per chat
  -q, --quiet    no summary on stderr
  -h, --help     show this help
`;

// The options of `import`.
export const OPTIONS = {
  dir: { type: "string" },
  org: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

// `claude-backup import PATH…`: the official export into the backup folder. Returns the exit code.
export async function run(io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(io.argv, OPTIONS);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length === 0)
    throw new UsageError("import needs the export to read: claude-backup import PATH...");
  const root = resolveBackupDir(values.dir, io.env);
  const json = values.json === true;
  const dryRun = values["dry-run"] === true;
  const say = (text: string) => {
    if (!values.quiet) io.stderr.write(`${printable(text)}\n`);
  };
  const plan = await planImport(positionals);
  let summary: ImportSummary;
  try {
    summary = await runImport({
      root,
      plan,
      org: values.org,
      dryRun,
      now: () => new Date(),
      signal: io.signal,
      events: {
        chatImported: (uuid, name) => {
          if (!json) io.stdout.write(`${uuid}\t${printable(name)}\n`);
        },
        warn: (message) => io.stderr.write(`claude-backup: warning: ${printable(message)}\n`),
      },
    });
  } catch (error) {
    const partial = (error as { summary?: ImportSummary }).summary;
    if (partial && error instanceof BackupError)
      say(`${importSummaryLine(partial)} (stopped: ${error.code})`);
    throw error;
  } finally {
    plan.close();
  }
  if (json) io.stdout.write(`${JSON.stringify({ ...summary, dryRun, backupDir: root })}\n`);
  say(dryRun ? `dry run, nothing written: ${importSummaryLine(summary)}` : importSummaryLine(summary));
  return summary.failed > 0 ? EXIT_CODES.partial : EXIT_CODES.ok;
}
