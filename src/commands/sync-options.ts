import { UsageError } from "../core/errors.ts";
import { parseOptions } from "./parse-options.ts";

// Every option of `claude-backup`, with the original tool's names and defaults.
export interface SyncCommandOptions {
  help: boolean;
  version: boolean;
  backupDir: string | undefined;
  connections: number;
  successDelay: number; // seconds
  retries: number;
  minRetryDelay: number; // seconds
  maxRetryDelay: number; // seconds
  ignoreCache: boolean;
  fullScan: boolean;
  dryRun: boolean;
  quiet: boolean;
  verbose: boolean;
  json: boolean;
  sessionKeyFile: string | undefined;
  browser: string | undefined;
  render: boolean; // after the sync, render into <backup_dir>/rendered/md (claude-backup render)
  files: boolean; // false with --no-files
  projects: boolean; // false with --no-projects
}

export const DEFAULTS = {
  connections: 6,
  successDelay: 0.1,
  retries: 10,
  minRetryDelay: 1.0,
  maxRetryDelay: 60.0,
} as const;

export const HELP = `usage: claude-backup [-h] [-v] [-c CONNECTIONS] [-s DELAY] [-r RETRIES]
                     [--min-retry-delay DELAY] [--max-retry-delay DELAY]
                     [--ignore-cache] [--full-scan] [--dry-run] [-q | --verbose | --json]
                     [--session-key-file PATH] [--browser NAME[:PROFILE]] [--render]
                     [--no-files] [--no-projects]
                     [backup_dir | --dir DIR]

Backup Claude.ai chats

positional arguments:
  backup_dir            Directory to save backups (default: $CLAUDE_BACKUP_DIR, else the
                        user data folder, ~/.local/share/claude-backup on Linux)

options:
  -h, --help            show this help message and exit
  -v, --version         show program's version number and exit
  --dir DIR             the same as backup_dir (every command takes --dir)
  -c, --connections CONNECTIONS
                        Maximum concurrent connections (default: ${DEFAULTS.connections})
  -s, -d, --success-delay DELAY
                        Spacing between successful requests in seconds, across
                        all connections (default: ${DEFAULTS.successDelay})
  -r, --retries RETRIES
                        Number of retries for API requests (default: ${DEFAULTS.retries})
  --min-retry-delay DELAY
                        Minimum retry delay in seconds (default: ${DEFAULTS.minRetryDelay.toFixed(1)})
  --max-retry-delay DELAY
                        Maximum retry delay in seconds (default: ${DEFAULTS.maxRetryDelay.toFixed(1)})
  --ignore-cache        Ignore local cache and re-fetch everything from API; local
                        copies of chats deleted on claude.ai are removed (default: False)
  --full-scan           Walk every chat list completely, to catch changes that do not
                        move a chat to the top (starring) and deletions (default: once a day)
  --dry-run             List what would be fetched or renamed, and write nothing
  -q, --quiet           Print errors only
  --verbose             Also print every request
  --json                Print one JSON summary object on stdout (for scripts)
  --session-key-file PATH
                        Read the session key from PATH ("-" for standard input)
  --browser NAME[:PROFILE]
                        Read the session key only from this browser (and profile),
                        even when CLAUDE_SESSION_KEY is set
  --no-files            Do not download the files chats and projects refer to (images,
                        PDFs, sandbox files)
  --no-projects         Do not back up projects (instructions, knowledge, files) nor
                        memory
  --render              After the sync, render the changed chats as Markdown into
                        backup_dir/rendered/md (see claude-backup render --help)

environment:
  CLAUDE_SESSION_KEY      the claude.ai sessionKey cookie (else it is read from your browser)
  CLAUDE_BACKUP_DIR       the backup folder, when neither backup_dir nor --dir is given
  CLAUDE_BACKUP_BASE_URL  another server instead of https://claude.ai (tests, the demo)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (and lower case)
                          the proxy to reach claude.ai through, as curl and npm use them
`;

// The options of `sync` (and of `claude-backup [options] [backup_dir]`), as parseArgs takes them.
export const OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  connections: { type: "string", short: "c" },
  "success-delay": { type: "string", short: "s" },
  delay: { type: "string", short: "d" }, // the original tool's code spells it -d
  retries: { type: "string", short: "r" },
  "min-retry-delay": { type: "string" },
  "max-retry-delay": { type: "string" },
  "ignore-cache": { type: "boolean" },
  "full-scan": { type: "boolean" },
  "dry-run": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean" },
  json: { type: "boolean" },
  "session-key-file": { type: "string" },
  browser: { type: "string" },
  "no-files": { type: "boolean" },
  "no-projects": { type: "boolean" },
  dir: { type: "string" },
  render: { type: "boolean" },
} as const;

// Parses the command line. Bad values are UsageErrors (exit code 2).
export function parseSyncOptions(argv: string[]): SyncCommandOptions {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  if (positionals.length > 1)
    throw new UsageError(`expected at most one backup_dir, got ${positionals.length}`);
  if (positionals[0] !== undefined && values.dir !== undefined) {
    throw new UsageError("give the backup folder once: as backup_dir or as --dir");
  }
  if (values["success-delay"] !== undefined && values.delay !== undefined) {
    throw new UsageError("give the success delay once: -s and -d are the same option");
  }
  const options: SyncCommandOptions = {
    help: values.help ?? false,
    version: values.version ?? false,
    backupDir: positionals[0] ?? values.dir,
    connections: integer("--connections", values.connections, DEFAULTS.connections, 1, 64),
    successDelay: seconds("--success-delay", values["success-delay"] ?? values.delay, DEFAULTS.successDelay),
    retries: integer("--retries", values.retries, DEFAULTS.retries, 0, 1000),
    minRetryDelay: seconds("--min-retry-delay", values["min-retry-delay"], DEFAULTS.minRetryDelay),
    maxRetryDelay: seconds("--max-retry-delay", values["max-retry-delay"], DEFAULTS.maxRetryDelay),
    ignoreCache: values["ignore-cache"] ?? false,
    fullScan: values["full-scan"] ?? false,
    dryRun: values["dry-run"] ?? false,
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    json: values.json ?? false,
    sessionKeyFile: values["session-key-file"],
    browser: values.browser,
    render: values.render ?? false,
    files: !(values["no-files"] ?? false),
    projects: !(values["no-projects"] ?? false),
  };
  if (options.minRetryDelay > options.maxRetryDelay) {
    throw new UsageError("--min-retry-delay must not be greater than --max-retry-delay");
  }
  if ([options.quiet, options.verbose, options.json].filter(Boolean).length > 1) {
    throw new UsageError("choose one of --quiet, --verbose and --json");
  }
  return options;
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} expects a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max)
    throw new UsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function seconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 3600) {
    throw new UsageError(`${flag} expects a number of seconds between 0 and 3600, got "${text}"`);
  }
  return value;
}
