// What verify reports: one problem per file, with a stable kind for scripts, and who can fix it.

// The kinds of problem, as printed in the first column and in `--json`.
export type ProblemKind =
  | "bad-account" // account.json does not parse or is not a JSON object
  | "bad-list" // chat_conversations.json does not parse or is not a JSON array
  | "bad-chat" // a chat file does not parse, is not a JSON object or has no uuid
  | "uuid-mismatch" // a chat file's name says one uuid, the chat inside another
  | "duplicate-chat" // two files hold the same chat
  | "bad-manifest" // a file manifest does not parse, or an entry in it is unusable
  | "bad-json" // another JSON file of the backup (projects.json, memory.json) does not parse
  | "missing-file" // a manifest says a file is stored, but its content is not there
  | "damaged-file" // a stored file's bytes do not match the SHA-256 it is stored under
  | "stray-file" // something in files/sha256/ that is not named by its SHA-256
  | "bad-link" // a linked file (under chat_files/ or a project's files/) is not the content its manifest names
  | "missing-link" // a manifest names a linked file (chat_files/, a project's files/) that is not there
  | "temp-file" // a temp file left by a claude-backup that was killed while writing
  | "open-permissions" // a file or folder that other users of the machine can read
  | "unreadable"; // a file or folder verify could not read

// When the sync fetches a project again (and so its files): when it changed on claude.ai, else only
// with the daily full scan (sync/projects-sync.ts).
export const PROJECT_FULL_SCAN = "with the daily full scan of projects, or at once with --full-scan";

// Who can fix a problem: `verify --repair`, the next sync, or only a person.
export type Fix = "repair" | "sync" | "manual";

// What `verify --repair` does for a problem (the command carries it out; verify/ never writes).
export type Repair =
  | { action: "chmod"; mode: number }
  | { action: "remove" } // damaged content, a temp file, a link to damaged content
  | { action: "link"; from: string }; // (re)make a hard link from a stored file that checked out

// One thing wrong with the backup, as printed (`<kind>\t<path>\t<detail>`) and listed by `--json`.
export interface Problem {
  kind: ProblemKind;
  path: string; // absolute
  detail: string; // what is wrong and what fixes it, in words
  fix: Fix;
  repair?: Repair;
}

// Problems in a stable order (by path, then kind), so two runs on the same folder print the same.
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0,
  );
}

// The short reason of a failed parse or read, without the stack.
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
