import type { ChatOutcome } from "./chat-import.ts";

// What an import did, counted; `import --json` prints it as it is.
export interface ImportSummary {
  organization: { uuid: string; dir: string } | undefined;
  new: number;
  updated: number;
  kept: number; // an API copy was already there, and is richer
  unchanged: number; // the same (or a newer) import was already there
  failed: number; // elements that are not conversations
  projects: Record<ChatOutcome, number>;
  memory: "new" | "updated" | "kept" | "unchanged" | undefined;
  users: boolean;
}

// What the command shows while an import runs.
export interface ImportEvents {
  chatImported(uuid: string, name: string, outcome: "new" | "updated"): void;
  warn(message: string): void;
}

export function emptyImportSummary(): ImportSummary {
  return {
    organization: undefined,
    new: 0,
    updated: 0,
    kept: 0,
    unchanged: 0,
    failed: 0,
    projects: { new: 0, updated: 0, kept: 0, unchanged: 0 },
    memory: undefined,
    users: false,
  };
}

// The closing line on stderr: `import: 12 new, 3 updated, 40 kept (API copy), 0 unchanged, 0 failed`.
export function importSummaryLine(s: ImportSummary): string {
  const chats = `${s.new} new, ${s.updated} updated, ${s.kept} kept (API copy), ${s.unchanged} unchanged, ${s.failed} failed`;
  const p = s.projects;
  const projects = p.new + p.updated + p.kept + p.unchanged;
  const extra =
    projects > 0 ? `; projects: ${p.new} new, ${p.updated} updated, ${p.kept} kept (API copy)` : "";
  const memory = s.memory ? `; memory: ${s.memory === "kept" ? "kept (API copy)" : s.memory}` : "";
  return `import: ${chats}${extra}${memory}`;
}
