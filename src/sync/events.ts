import type { ChatEntry, Organization } from "../core/types.ts";

// How a chat was saved.
export type SaveOutcome = "new" | "updated" | "renamed";

// What a sync tells the outside world while it runs. The command layer turns these into output;
// the sync itself never prints.
export interface SyncEvents {
  accountRead(info: { organizations: number; chatOrganizations: number }): void;
  orgSkipped(org: Organization, reason: string): void;
  orgListed(
    org: Organization,
    info: { listed: number; toFetch: number; fullScan: boolean; api: string },
  ): void;
  chatSaved(org: Organization, entry: ChatEntry, outcome: SaveOutcome): void; // fetched and saved
  chatRenamedLocally(org: Organization, entry: ChatEntry): void; // renamed on disk, no request made
  chatPlanned(org: Organization, entry: ChatEntry, action: "fetch" | "rename"): void; // --dry-run
  chatGone(org: Organization, entry: ChatEntry): void; // 404 between list and fetch: kept locally
  chatFailed(org: Organization, entry: ChatEntry, error: Error): void;
  // Files, projects and memory (sync/everything.ts).
  filesPlanned(org: Organization, count: number): void; // chats (and projects) whose files are checked
  fileSaved(org: Organization, info: { owner: string; fileName: string; size: number }): void;
  fileFailed(org: Organization, what: string, error: Error): void;
  projectSaved(org: Organization, info: { uuid: string; name: string; outcome: SaveOutcome }): void;
  warn(message: string): void;
}

// The closing tally of a run.
export interface SyncSummary {
  organizations: number;
  listed: number;
  new: number;
  updated: number;
  renamed: number;
  unchanged: number;
  deleted: number; // gone from claude.ai, kept in the backup
  failed: number;
  left: number; // still to fetch (failed or interrupted): the next run starts with these
  projects: number; // projects fetched (new or changed) in this run
  projectsHeld: number; // projects in the backup, deleted ones included
  files: number; // files downloaded in this run (each content stored once)
  bytes: number; // bytes downloaded in this run
  filesGone: number; // files claude.ai no longer has (404), recorded as gone
}

export function emptySummary(): SyncSummary {
  return {
    organizations: 0,
    listed: 0,
    new: 0,
    updated: 0,
    renamed: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    left: 0,
    projects: 0,
    projectsHeld: 0,
    files: 0,
    bytes: 0,
    filesGone: 0,
  };
}
