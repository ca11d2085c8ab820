import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { EXIT_CODES, UsageError } from "../core/errors.ts";
import { organizationsDir, stateDir } from "../core/layout.ts";
import { ensureDir } from "../disk/atomic-write.ts";
import { createMarkdownToHtml } from "../render/markdown-html.ts";
import { openIndex } from "../search/index-db.ts";
import { loadSqlite } from "../search/sqlite.ts";
import { newToken } from "../serve/access.ts";
import { createChatIndex } from "../serve/chat-index.ts";
import { createMessageCache } from "../serve/message-cache.ts";
import { createProjectIndex } from "../serve/project-index.ts";
import { createSearchPort } from "../serve/search-port.ts";
import { startViewer } from "../serve/server.ts";
import { warmUpRenderer } from "../serve/warm-up.ts";
import { printable } from "../ui/terminal-text.ts";
import { resolveBackupDir } from "./backup-dir.ts";
import type { CommandIo } from "./io.ts";
import { parseOptions } from "./parse-options.ts";

const HELP = `usage: claude-backup serve [--dir DIR] [--port N] [--open]

Serves a read-only viewer of the backup on this computer: chats with every branch, projects,
memory, stored images and files, artifacts, and search. It listens on 127.0.0.1 only and prints
the URL to open, which holds a random access token; requests without it are refused. What a sync
running beside it saves shows up on the next page load. Ctrl-C stops it.

options:
  --dir DIR    the backup folder (default: CLAUDE_BACKUP_DIR, else the original tool's folder)
  --port N     the port to listen on (default 0: any free port)
  --open       open the viewer in the default browser
  -h, --help   show this help
`;

// The options of `serve`.
export const OPTIONS = {
  dir: { type: "string" },
  port: { type: "string" },
  open: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

// `claude-backup serve`: runs the viewer until Ctrl-C. Returns the exit code.
export async function run(io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(io.argv, OPTIONS);
  if (positionals.length > 0) {
    throw new UsageError(`serve takes the folder as --dir DIR, not "${positionals[0]}"`);
  }
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const port = parsePort(values.port);
  const root = resolveBackupDir(values.dir, io.env);
  const info = await stat(organizationsDir(root)).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UsageError(
      `no backup in ${root} (no organizations/ folder): run claude-backup sync first, or give --dir`,
    );
  }
  const warn = (message: string) => io.stderr.write(`claude-backup: ${printable(message)}\n`);
  const token = newToken();
  io.secrets.add(token);
  let db: import("node:sqlite").DatabaseSync | undefined;
  const search = createSearchPort({
    root,
    open: async () => {
      const sqlite = await loadSqlite("search");
      await ensureDir(stateDir(root));
      db = await openIndex(sqlite, join(stateDir(root), "search.sqlite"), true);
      return db;
    },
    onIndexing: (changed) => {
      if (changed >= 200) warn(`indexing ${changed} chats for search…`);
    },
  });
  // Built before the URL is printed, so the first page opens at once even on 10,000 chats, and the
  // first chat does not wait for the renderer to be compiled.
  const index = createChatIndex(root, warn);
  await index.current();
  const markdown = createMarkdownToHtml();
  warmUpRenderer(markdown);
  const viewer = await startViewer({
    root,
    port,
    token,
    index,
    projects: createProjectIndex(),
    rendered: createMessageCache(),
    markdown,
    search,
    warn,
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UsageError(
        `port ${port} is in use: pick another with --port N, or --port 0 for any free one`,
      );
    }
    throw error;
  });
  try {
    io.stdout.write(`${viewer.url}\n`);
    io.stderr.write(
      `claude-backup: serving ${printable(root)} read-only at ${viewer.origin}/ (Ctrl-C stops it)\n`,
    );
    if (values.open) openBrowser(viewer.url, warn);
    void search.warm();
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    await viewer.close();
    db?.close();
  }
  return EXIT_CODES.ok;
}

// Opens `url` with the system's opener; a failure is only a warning (the URL is printed anyway).
function openBrowser(url: string, warn: (message: string) => void): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url.replaceAll("&", "^&")]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => warn(`could not open a browser (${command}); open the URL above yourself`));
    child.unref();
  } catch {
    warn(`could not open a browser (${command}); open the URL above yourself`);
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) {
    throw new UsageError(`--port must be a port number from 0 to 65535 (0: any free port), not '${value}'`);
  }
  return n;
}
