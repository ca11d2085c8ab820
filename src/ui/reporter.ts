import { styleText } from "node:util";
import type { ChatEntry, Organization } from "../core/types.ts";
import type { SyncEvents, SyncSummary } from "../sync/events.ts";
import { createProgress, type Progress } from "./progress.ts";
import { fitWidth, printable } from "./terminal-text.ts";

export interface ReporterOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  mode: "normal" | "quiet" | "verbose" | "json";
  live: boolean; // draw the live status line (stderr is a terminal, not CI)
}

// Everything the backup command prints. Data on stdout (`<uuid>\t<name>` per saved chat, or the JSON
// summary); messages about organizations, retries and problems on stderr; on a terminal, one live
// status line on stderr as well.
export interface Reporter extends SyncEvents {
  info(message: string): void;
  retry(info: { what: string; attempt: number; delayMs: number; reason: string }): void;
  request(info: { path: string; status: number | "error"; ms: number }): void;
  summary(summary: SyncSummary, extra?: Record<string, unknown>): void;
  close(): void;
}

// The label of an organization in messages: its name, or its uuid when it has none.
export function orgLabel(org: Organization): string {
  return printable(org.name) || org.uuid;
}

function nameText(entry: ChatEntry): string {
  return printable(typeof entry.name === "string" ? entry.name : "");
}

// How long a retry counts as "retrying" on the status line.
const RETRY_SHOWN_MS = 5000;

export function createReporter(options: ReporterOptions): Reporter {
  const { stdout, stderr, mode } = options;
  const chatty = mode === "normal" || mode === "verbose";
  const progress: Progress | undefined = options.live && chatty ? createProgress(stderr) : undefined;
  // What a dry run would do, for --dry-run --json: printed as one object with the summary.
  const planned: Record<string, unknown>[] = [];
  const write = (stream: NodeJS.WritableStream, text: string) => {
    if (progress) progress.around(() => stream.write(text));
    else stream.write(text);
  };
  // Messages can carry claude.ai's words (organization names, error texts): one harmless line each.
  const note = (text: string) => {
    if (chatty) write(stderr, `${printable(text)}\n`);
  };
  const warn = (text: string) =>
    write(stderr, `${styleText("yellow", "warning:", { stream: stderr })} ${printable(text)}\n`);
  const update = (change: (counts: Progress["counts"]) => void) => {
    if (!progress) return;
    change(progress.counts);
    progress.changed();
  };
  const chatLine = (entry: ChatEntry) => {
    // On a terminal, keep each chat on one row: 36 columns for the uuid, the tab stop at 40.
    const shown = stdout.isTTY
      ? fitWidth(nameText(entry), Math.max(10, (stdout.columns ?? 80) - 41))
      : nameText(entry);
    write(stdout, `${entry.uuid}\t${shown}\n`);
  };
  return {
    info: note,
    warn,
    accountRead(info) {
      update((c) => {
        c.organizations = info.chatOrganizations;
      });
    },
    orgSkipped(org, reason) {
      note(`skipping organization ${orgLabel(org)}: ${reason}`);
    },
    orgListed(org, info) {
      update((c) => {
        c.organizationsListed++;
        c.listed += info.listed;
        c.toFetch += info.toFetch;
      });
      if (mode === "verbose" || (mode === "normal" && !progress)) {
        const scan = info.fullScan ? "full scan" : "incremental";
        note(
          `organization ${orgLabel(org)}: ${info.toFetch} chats to fetch, ${info.listed} listed (${scan}, list ${info.api})`,
        );
      }
    },
    chatSaved(_org, entry) {
      update((c) => {
        c.fetched++;
      });
      if (chatty) chatLine(entry);
    },
    chatRenamedLocally(_org, entry) {
      // Not a fetch: "left" and the ETA count only chats that need a request.
      if (chatty) chatLine(entry);
    },
    chatPlanned(org, entry, action) {
      if (mode === "json")
        planned.push({ action, organization_uuid: org.uuid, uuid: entry.uuid, name: entry.name });
      else write(stdout, `${action}\t${entry.uuid}\t${nameText(entry)}\n`);
    },
    chatGone(org, entry) {
      update((c) => {
        c.fetched++;
      });
      note(
        `chat ${entry.uuid} in ${orgLabel(org)} was deleted on claude.ai while we read it; the local copy is kept`,
      );
    },
    chatFailed(_org, entry, error) {
      update((c) => {
        c.fetched++;
        c.failed++;
      });
      warn(`chat ${entry.uuid} could not be saved (retried next run): ${error.message}`);
    },
    // --- files, projects, memory (sync/everything.ts) ---
    filesPlanned() {},
    fileSaved(_org, info) {
      update((c) => {
        c.files = (c.files ?? 0) + 1;
        c.bytes = (c.bytes ?? 0) + info.size;
      });
      if (mode === "verbose") note(`saved ${info.fileName} of ${info.owner} (${formatBytes(info.size)})`);
    },
    fileFailed(org, what, error) {
      update((c) => {
        c.failed++;
      });
      warn(`${what} in ${orgLabel(org)} could not be saved (retried next run): ${error.message}`);
    },
    projectSaved(_org, info) {
      update((c) => {
        c.projects = (c.projects ?? 0) + 1;
      });
      if (mode === "verbose") note(`project ${info.name || info.uuid} saved (${info.outcome})`);
    },
    // --- end ---
    retry(info) {
      update((c) => {
        c.retrying++;
      });
      if (progress) setTimeout(() => update((c) => void c.retrying--), RETRY_SHOWN_MS).unref();
      note(
        `retrying ${info.what} in ${(info.delayMs / 1000).toFixed(1)} s (attempt ${info.attempt}): ${info.reason}`,
      );
    },
    request(info) {
      if (mode === "verbose")
        write(stderr, `GET ${info.path} -> ${info.status} (${Math.round(info.ms)} ms)\n`);
    },
    summary(summary, extra) {
      progress?.stop();
      const plan = extra?.dryRun ? { plan: planned } : {};
      if (mode === "json") stdout.write(`${JSON.stringify({ ...summary, ...extra, ...plan })}\n`);
      else if (mode !== "quiet") stderr.write(`${summaryLine(summary)}\n`);
    },
    close() {
      progress?.stop();
    },
  };
}

// The closing line: what changed, in the order people ask about it.
export function summaryLine(s: SyncSummary): string {
  const parts = [
    `${s.new} new`,
    `${s.updated} updated`,
    `${s.renamed} renamed`,
    `${s.unchanged} unchanged`,
    `${s.deleted} deleted on claude.ai (kept locally)`,
    `${s.failed} failed`,
  ];
  if (s.left > 0) parts.push(`${s.left} left for the next run`);
  // Files and projects: only said when there is something to say.
  if (s.projects > 0 || s.projectsHeld > 0) parts.push(`${s.projects} of ${s.projectsHeld} projects fetched`);
  if (s.files > 0 || s.filesGone > 0) parts.push(`${s.files} files (${formatBytes(s.bytes)}) downloaded`);
  if (s.filesGone > 0) parts.push(`${s.filesGone} files gone on claude.ai`);
  return `done: ${parts.join(", ")}`;
}

// "1.2 MB", for the summary and verbose lines.
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
