import { posix } from "node:path";

// Which part of claude.ai's official export a file is, from its name alone. The export has had several
// forms (docs/claude-api.md, "Official export"): `data-…-batch-0000.zip` holding conversations.json,
// projects.json, users.json (later memories.json too); and the form where a `manifest-….json` lists
// separate downloads (conversations-000.zip, projects-000.zip with one `projects/<uuid>.json` per
// project, users.json, memories.json). Files of other names (design_chats/…, README) are ignored.
export type PartKind = "conversations" | "projects" | "project" | "users" | "memories";

const CONVERSATIONS = /^conversations(?:[-_]\d+)?\.json$/i;
const PROJECTS = /^projects(?:[-_]\d+)?\.json$/i;

// The part a file is, from its path inside a zip or a folder (`/`-separated); undefined for others.
export function partKindOf(relativePath: string): PartKind | undefined {
  const parts = relativePath.split(/[/\\]/).filter((p) => p !== "");
  const base = parts.at(-1) ?? "";
  if (CONVERSATIONS.test(base)) return "conversations";
  if (PROJECTS.test(base)) return "projects";
  if (/^users\.json$/i.test(base)) return "users";
  if (/^memories\.json$/i.test(base)) return "memories";
  if (parts.at(-2)?.toLowerCase() === "projects" && /\.json$/i.test(base)) return "project";
  return undefined;
}

// True for a zip the export consists of: a batch (`data-…`) or a separate download (`conversations-000`).
export function isExportZipName(name: string): boolean {
  return /^(?:data-.*|conversations(?:[-_]\d+)?|projects(?:[-_]\d+)?|users|memories)\.zip$/i.test(
    posix.basename(name),
  );
}

// True for the manifest of the newer form (`manifest-<uuid>-….json`).
export function isManifestName(name: string): boolean {
  return /^manifest.*\.json$/i.test(posix.basename(name));
}

// The uuids in an export's file names (`data-<org uuid>-<time>-batch-0000.zip`, `manifest-<uuid>-….json`):
// the organization the export was made for, when the name carries it.
export function uuidsInName(name: string): string[] {
  return [
    ...posix.basename(name).matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi),
  ].map((m) => m[0].toLowerCase());
}
