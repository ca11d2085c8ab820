import { styleText } from "node:util";
import type { ChatEntry, Organization } from "../api/types.ts";
import type { SaveOutcome, SyncEvents, SyncSummary } from "../sync/events.ts";
import { fitWidth, printable } from "./terminal-text.ts";

export interface ReporterOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  mode: "normal" | "quiet" | "verbose" | "json";
}

// Everything the backup command prints. Data on stdout (`<uuid>\t<name>` per saved chat, or the JSON
// summary); messages about organizations, retries and problems on stderr.
export interface Reporter extends SyncEvents {
  info(message: string): void;
  retry(info: { what: string; attempt: number; delayMs: number; reason: string }): void;
  request(info: { path: string; status: number | "error"; ms: number }): void;
  summary(summary: SyncSummary, extra?: Record<string, unknown>): void;
  error(message: string): void;
}

// The label of an organization in messages: its name, or its uuid when it has none.
export function orgLabel(org: Organization): string {
  return printable(org.name) || org.uuid;
}

export function createReporter(options: ReporterOptions): Reporter {
  const { stdout, stderr, mode } = options;
  const chatty = mode === "normal" || mode === "verbose";
  const note = (text: string) => {
    if (chatty) stderr.write(`${text}\n`);
  };
  const warn = (text: string) => {
    stderr.write(`${styleText("yellow", "warning:", { stream: stderr })} ${text}\n`);
  };
  const chatLine = (entry: ChatEntry) => {
    const name = printable(typeof entry.name === "string" ? entry.name : "");
    // On a terminal, keep each chat on one row: 36 for the uuid, the tab stop at 40.
    const shown = stdout.isTTY ? fitWidth(name, Math.max(10, (stdout.columns ?? 80) - 41)) : name;
    stdout.write(`${entry.uuid}\t${shown}\n`);
  };
  return {
    info: note,
    warn,
    error(text) {
      stderr.write(`${styleText("red", "claude-backup:", { stream: stderr })} ${text}\n`);
    },
    orgSkipped(org, reason) {
      note(`skipping organization ${orgLabel(org)}: ${reason}`);
    },
    orgListed(org, info) {
      const scan = info.fullScan ? "full scan" : "incremental";
      note(
        `organization ${orgLabel(org)}: ${info.toFetch} of ${info.listed} listed chats to fetch (${scan})`,
      );
    },
    chatSaved(_org: Organization, entry: ChatEntry, _outcome: SaveOutcome) {
      if (chatty) chatLine(entry);
    },
    chatPlanned(_org, entry, action) {
      if (mode === "json") return;
      stdout.write(
        `${action}\t${entry.uuid}\t${printable(typeof entry.name === "string" ? entry.name : "")}\n`,
      );
    },
    chatGone(org, entry) {
      note(
        `chat ${entry.uuid} in ${orgLabel(org)} was deleted on claude.ai while we read it; the local copy is kept`,
      );
    },
    chatFailed(_org, entry, error) {
      warn(`chat ${entry.uuid} could not be saved (retried next run): ${error.message}`);
    },
    retry(info) {
      note(
        `retrying ${info.what} in ${(info.delayMs / 1000).toFixed(1)} s (attempt ${info.attempt}): ${info.reason}`,
      );
    },
    request(info) {
      if (mode === "verbose")
        stderr.write(`GET ${info.path} -> ${info.status} (${Math.round(info.ms)} ms)\n`);
    },
    summary(summary, extra) {
      if (mode === "json") {
        stdout.write(`${JSON.stringify({ ...summary, ...extra })}\n`);
        return;
      }
      if (mode === "quiet") return;
      stderr.write(`${summaryLine(summary)}\n`);
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
  return `done: ${parts.join(", ")}`;
}
