import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { text as readStream } from "node:stream/consumers";
import { organizationNames, readAccount } from "../archive/archive.ts";
import { readManifest } from "../archive/file-manifest.ts";
import { EXIT_CODES, UsageError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { uuidFromFileName } from "../core/names.ts";
import { branchSummaries, resolveBranchId } from "../render/branches.ts";
import { type BranchChoice, FULL_VIEW, PRINT_VIEW, type View } from "../render/document.ts";
import { createMarkdownToHtml } from "../render/markdown-html.ts";
import { renderArchive } from "../render/render-archive.ts";
import { type Format, renderChat } from "../render/render-chat.ts";
import { printable } from "../ui/terminal-text.ts";
import { resolveBackupDir } from "./backup-dir.ts";
import type { CommandIo } from "./io.ts";
import { parseOptions } from "./parse-options.ts";

export const HELP = `usage: claude-backup render [--dir DIR] [--format md|html] [--out OUT] [--artifact-versions]
                           [--user] [--assistant] [--thinking] [--tools] [--json] [-q]
       claude-backup render FILE.json|- [--format md|html]
                           [--branches | --branch ID | --all-branches]
                           [--user] [--assistant] [--thinking] [--tools]

Render chats as Markdown or HTML.

Without FILE: renders every chat of the backup into OUT, as <OUT>/<org folder>/<chat>.md (or .html),
with artifacts in <OUT>/<org folder>/artifacts/<chat>/. Only chats changed since the last render are
rendered again. Every branch is kept: the active one first, the others after it.
With FILE (a chat JSON, "-" for standard input): prints that chat on standard output.

options:
  -h, --help           show this help message and exit
  --dir DIR            the backup folder (default: $CLAUDE_BACKUP_DIR, else the user data folder)
  --format md|html     Markdown (default) or self-contained HTML pages
  --out OUT            where renderings go (default: <backup>/rendered/md or <backup>/rendered/html)
  --artifact-versions  also write every version of each artifact (<title>.v1.py, <title>.v2.py, …)
  --json               print a JSON summary on stdout
  -q, --quiet          print problems only (no summary line)
  --branches           FILE only: list the branches (number, leaf uuid, messages, first words)
  --branch ID          FILE only: print that branch (a number from --branches or a leaf uuid)
  --all-branches       FILE only: print every branch, the active one first
filters (when any is given, only those parts are shown):
  --user               your messages, their attachments and files
  --assistant          Claude's text
  --thinking           Claude's thinking
  --tools              tool calls with their input and results, artifacts with their content
defaults: the backup renders everything; FILE prints your messages and Claude's text, with each tool
call and artifact on one line, on the active branch.
`;

// The options of `render` (node:util parseArgs; shell completion reads them too).
export const OPTIONS = {
  help: { type: "boolean", short: "h" },
  dir: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  "artifact-versions": { type: "boolean" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  branches: { type: "boolean" },
  branch: { type: "string" },
  "all-branches": { type: "boolean" },
  user: { type: "boolean" },
  assistant: { type: "boolean" },
  thinking: { type: "boolean" },
  tools: { type: "boolean" },
} as const;

// `claude-backup render`: the backup, or one chat, as Markdown or HTML.
export async function run(io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(io.argv, OPTIONS);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const format = values.format ?? "md";
  if (format !== "md" && format !== "html")
    throw new UsageError(`--format expects md or html, got "${format}"`);
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
  const filters = {
    user: values.user,
    assistant: values.assistant,
    thinking: values.thinking,
    tools: values.tools,
  };
  const filtered = Object.values(filters).some(Boolean);
  const [file] = positionals;
  const picks = [values.branches, values.branch !== undefined, values["all-branches"]].filter(Boolean).length;
  if (picks > 1) throw new UsageError("choose one of --branches, --branch and --all-branches");
  if (file === undefined) {
    if (picks) throw new UsageError("--branches, --branch and --all-branches need a FILE");
    const root = resolveBackupDir(values.dir, io.env);
    const out = resolve(values.out ?? join(root, "rendered", format));
    const view = filtered ? filterView(filters) : FULL_VIEW;
    return renderBackup(io, {
      root,
      out,
      format,
      view,
      versions: values["artifact-versions"] ?? false,
      json: values.json ?? false,
      quiet: values.quiet ?? false,
    });
  }
  if (values.out !== undefined || values.dir !== undefined) {
    throw new UsageError(
      "with a FILE the chat is printed on standard output; --out and --dir are for the whole backup",
    );
  }
  return printChat(io, file, {
    format,
    view: filtered ? filterView(filters) : PRINT_VIEW,
    list: values.branches ?? false,
    branch: values.branch,
    all: values["all-branches"] ?? false,
  });
}

async function renderBackup(
  io: CommandIo,
  options: {
    root: string;
    out: string;
    format: Format;
    view: View;
    versions: boolean;
    json: boolean;
    quiet: boolean;
  },
): Promise<number> {
  const organizations = join(options.root, "organizations");
  if (options.out === options.root || `${options.out}/`.startsWith(`${organizations}/`)) {
    throw new UsageError(`--out ${options.out} is inside the backup's own files; choose another folder`);
  }
  const started = Date.now();
  const summary = await renderArchive({
    root: options.root,
    out: options.out,
    format: options.format,
    view: options.view,
    artifactVersions: options.versions,
    signal: io.signal,
    onChat: (chat, outcome) => {
      if (outcome === "failed")
        io.stderr.write(`claude-backup: warning: ${printable(chat.path)} is not a chat JSON; skipped\n`);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (options.json)
    io.stdout.write(`${JSON.stringify({ ...summary, out: options.out, seconds: Number(seconds) })}\n`);
  else if (!options.quiet) {
    io.stderr.write(
      `rendered ${summary.rendered} of ${summary.total} chats (${summary.unchanged} unchanged, ${summary.removed} removed) into ${printable(options.out)} in ${seconds} s\n`,
    );
  }
  return summary.failed.length ? EXIT_CODES.partial : EXIT_CODES.ok;
}

async function printChat(
  io: CommandIo,
  file: string,
  options: { format: Format; view: View; list: boolean; branch: string | undefined; all: boolean },
): Promise<number> {
  const chat = await readChatArg(io, file);
  if (options.list) {
    for (const b of branchSummaries(chat)) {
      io.stdout.write(
        `${b.number}${b.active ? "*" : ""}\t${b.leaf}\t${b.messages} messages\t${printable(b.firstWords)}\n`,
      );
    }
    return EXIT_CODES.ok;
  }
  let branches: BranchChoice = options.all ? "all" : "active";
  if (options.branch !== undefined) branches = resolveBranchId(branchSummaries(chat), options.branch);
  const files = file === "-" ? undefined : await backupContext(resolve(file), chat);
  const rendered = renderChat(chat, {
    format: options.format,
    view: options.view,
    branches,
    organization: files?.organization,
    markdown: createMarkdownToHtml(),
    files: files?.files,
    artifactVersions: false,
  });
  io.stdout.write(rendered.text);
  return EXIT_CODES.ok;
}

// A chat given on the command line: a JSON object with a chat_messages array, or a usage error.
async function readChatArg(io: CommandIo, file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = file === "-" ? await readStream(io.stdin) : await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new UsageError(
      `cannot read ${file}${code ? ` (${code})` : ""}; give a chat file from the backup's chat_conversations folder`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON; give a chat file from the backup's chat_conversations folder`);
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.chat_messages)) {
    throw new UsageError(
      `${file} is not a chat (no chat_messages); give a chat file from a chat_conversations folder`,
    );
  }
  return parsed;
}

// When FILE sits in a backup (`<root>/organizations/<org>/chat_conversations/<file>`), its stored files
// can be linked (relative to the current folder) and its organization named.
async function backupContext(path: string, chat: Record<string, unknown>) {
  const chatsDir = dirname(path);
  const orgDir = dirname(chatsDir);
  const root = dirname(dirname(orgDir));
  const orgUuid = uuidFromFileName(basename(orgDir));
  const uuid = typeof chat.uuid === "string" ? chat.uuid : undefined;
  if (
    basename(chatsDir) !== "chat_conversations" ||
    basename(dirname(orgDir)) !== "organizations" ||
    !orgUuid ||
    !uuid
  ) {
    return undefined;
  }
  const organization = organizationNames(await readAccount(root)).get(orgUuid);
  const manifest = await readManifest(orgDir, uuid);
  const chatSlug = basename(path).replace(/\.json$/i, "");
  return { organization, files: { root, orgDir, chatSlug, manifest, fromDir: resolve(".") } };
}

function filterView(filters: {
  user?: boolean;
  assistant?: boolean;
  thinking?: boolean;
  tools?: boolean;
}): View {
  return {
    user: filters.user ?? false,
    assistant: filters.assistant ?? false,
    thinking: filters.thinking ?? false,
    tools: filters.tools ? "full" : "none",
  };
}
