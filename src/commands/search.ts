import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXIT_CODES, StoreError, UsageError } from "../core/errors.ts";
import { organizationsDir, stateDir } from "../core/layout.ts";
import { parseDate } from "../search/dates.ts";
import { findHits, type SearchFilters } from "../search/find-hits.ts";
import { formatHit, hitJson } from "../search/format-hit.ts";
import { clearIndex, openIndex } from "../search/index-db.ts";
import { ftsMatch, parseQuery } from "../search/query.ts";
import { refreshIndex } from "../search/refresh.ts";
import { resolveOrgs, resolveProjects } from "../search/resolve-names.ts";
import { loadSqlite } from "../search/sqlite.ts";
import { printable } from "../ui/terminal-text.ts";
import { resolveBackupDir } from "./backup-dir.ts";
import type { CommandIo } from "./io.ts";
import { parseOptions } from "./parse-options.ts";

// Hits printed when --limit is not given.
const DEFAULT_LIMIT = 20;
// A refresh that reads this many chats says so on stderr (the first search builds the whole index).
const ANNOUNCE_AT = 200;

const HELP = `usage: claude-backup search [options] QUERY...

Searches the backup: chat titles, every message of every branch, thinking, tool calls and results,
attachments' text and project docs. Every word must match; "quoted words" match as a phrase; word*
matches a prefix. Case and accents are ignored (cafe finds café). Newest first.

The index lives in <dir>/.claude-backup/search.sqlite (the original tool ignores that folder) and is
brought up to date before each search: only chats that changed are read again.

options:
  --dir DIR            the backup folder (default: CLAUDE_BACKUP_DIR, else the original tool's folder)
  --org ORG            only this organization (uuid or name)
  --project PROJECT    only chats of this project, and its docs (uuid or name)
  --since DATE         only hits on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD or an ISO time; UTC)
  --until DATE         only hits up to the end of DATE
  --sender WHO         only messages by human or assistant
  --model TEXT         only chats whose model contains TEXT (e.g. opus)
  --starred            only starred chats
  --rank               best matches first instead of newest first
  --limit N            at most N hits (default ${DEFAULT_LIMIT})
  --json               one JSON object per hit and line
  --reindex            rebuild the index from scratch first (a QUERY is then optional)
  --index PATH         keep the index in PATH instead (for a backup folder you cannot write)
  -h, --help           show this help
`;

// The options of `search`.
export const OPTIONS = {
  dir: { type: "string" },
  index: { type: "string" },
  org: { type: "string" },
  project: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  sender: { type: "string" },
  model: { type: "string" },
  starred: { type: "boolean" },
  rank: { type: "boolean" },
  limit: { type: "string" },
  json: { type: "boolean" },
  reindex: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

// `claude-backup search QUERY`: prints the hits and returns the exit code.
export async function run(io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(io.argv, OPTIONS);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const terms = parseQuery(positionals.join(" "));
  if (terms.length === 0 && !values.reindex) {
    throw new UsageError(
      'search needs at least one word to look for, e.g. claude-backup search "sourdough starter"',
    );
  }
  const limit = parseLimit(values.limit);
  const sender = values.sender;
  if (sender !== undefined && sender !== "human" && sender !== "assistant") {
    throw new UsageError(`--sender must be human or assistant, not '${sender}'`);
  }
  const sinceMs = values.since === undefined ? undefined : parseDate(values.since, "start", "--since");
  const untilMs = values.until === undefined ? undefined : parseDate(values.until, "end", "--until");
  const root = resolveBackupDir(values.dir, io.env);
  requireBackup(root);
  const sqlite = await loadSqlite("search");
  const indexPath = values.index ? resolve(values.index) : join(stateDir(root), "search.sqlite");
  if (!values.index) await makeStateDir(root);
  const db = await openIndex(sqlite, indexPath, !values.index);
  try {
    const started = Date.now();
    if (values.reindex) clearIndex(db);
    const report = await refreshIndex(db, root, (changed) => {
      if (changed >= ANNOUNCE_AT) io.stderr.write(`claude-backup: indexing ${changed} chats for search…\n`);
    });
    if (values.reindex) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.stderr.write(
        `claude-backup: search index rebuilt: ${report.chats} chats, ${report.projects} projects in ${seconds} s\n`,
      );
      if (terms.length === 0) return EXIT_CODES.ok;
    }
    const filters: SearchFilters = { sinceMs, untilMs, sender, model: values.model, starred: values.starred };
    if (values.org) filters.orgUuids = resolveOrgs(db, values.org);
    if (values.project) filters.projectUuids = resolveProjects(db, values.project);
    const hits = findHits(db, ftsMatch(terms), filters, { rank: values.rank === true, limit });
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== "dumb";
    for (const hit of hits) {
      io.stdout.write(values.json ? hitJson(hit) : formatHit(hit, { color, clean: printable }));
    }
    if (hits.length === 0 && !values.json) io.stderr.write("claude-backup: no matches\n");
    return EXIT_CODES.ok;
  } finally {
    db.close();
  }
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--limit must be a whole number of hits, 1 or more, not '${value}'`);
  }
  return n;
}

// A folder without organizations/ is not a backup (a typo in --dir, or no sync yet).
function requireBackup(root: string): void {
  const info = statSync(organizationsDir(root), { throwIfNoEntry: false });
  if (!info?.isDirectory()) {
    throw new UsageError(
      `no backup in ${root} (no organizations/ folder): run claude-backup sync first, or give --dir`,
    );
  }
}

async function makeStateDir(root: string): Promise<void> {
  if (existsSync(stateDir(root))) return;
  // Loaded only here: a search's start-up counts, and the folder exists after the first one.
  const { ensureDir } = await import("../disk/atomic-write.ts");
  try {
    await ensureDir(stateDir(root));
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    throw new StoreError("STORAGE", `${error.message}; keep the index elsewhere with --index PATH`, {
      cause: error,
    });
  }
}
