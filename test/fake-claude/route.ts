// Maps a request path to the endpoint it names (docs/claude-api.md §1–7); no validation beyond the shape.

// The byte variants of an uploaded file (docs/claude-api.md §6).
export type FileVariant = "preview" | "thumbnail" | "document_pdf" | "contents";

export type Route =
  | { kind: "account" }
  | { kind: "organizations" }
  | { kind: "list_v1"; org: string }
  | { kind: "list_v2"; org: string }
  | { kind: "chat"; org: string; chat: string }
  | { kind: "project_list"; org: string }
  | { kind: "project"; org: string; project: string }
  | { kind: "project_docs"; org: string; project: string }
  | { kind: "project_doc"; org: string; project: string; doc: string }
  | { kind: "project_files"; org: string; project: string }
  | { kind: "project_syncs"; org: string; project: string }
  | { kind: "project_kb_stats"; org: string; project: string }
  | { kind: "project_memory"; org: string; project: string }
  | { kind: "memory"; org: string }
  | { kind: "file"; org: string; file: string; variant: FileVariant }
  | { kind: "wiggle_list"; org: string; chat: string }
  | { kind: "wiggle_download"; org: string; chat: string }
  | { kind: "other" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const VARIANTS: readonly string[] = ["preview", "thumbnail", "document_pdf", "contents"];

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// `/projects/{p}/…` below an org.
function projectRoute(org: string, project: string, rest: readonly string[]): Route {
  const [sub, doc, extra] = rest;
  if (sub === undefined) return { kind: "project", org, project };
  if (sub === "docs" && doc === undefined) return { kind: "project_docs", org, project };
  if (sub === "docs" && doc !== undefined && extra === undefined)
    return { kind: "project_doc", org, project, doc };
  if (rest.length > 2) return { kind: "other" };
  if (sub === "files" && doc === undefined) return { kind: "project_files", org, project };
  if (sub === "syncs" && doc === undefined) return { kind: "project_syncs", org, project };
  if (sub === "kb" && doc === "stats") return { kind: "project_kb_stats", org, project };
  // INFERRED endpoint: no source shows where project memory is read (docs/claude-api.md §5.5).
  if (sub === "memory" && doc === undefined) return { kind: "project_memory", org, project };
  return { kind: "other" };
}

// Everything under `/api/organizations/{org}/`.
function orgRoute(org: string, rest: readonly string[]): Route {
  const [sub, id, ...more] = rest;
  if (sub === undefined) return { kind: "other" };
  if (more.length === 0) {
    if (sub === "chat_conversations" && id === undefined) return { kind: "list_v1", org };
    if (sub === "chat_conversations_v2" && id === undefined) return { kind: "list_v2", org };
    if (sub === "chat_conversations" && id !== undefined) return { kind: "chat", org, chat: id };
    if (sub === "projects" && id === undefined) return { kind: "project_list", org };
    if (sub === "memory" && id === undefined) return { kind: "memory", org };
  }
  if (sub === "projects" && id !== undefined) return projectRoute(org, id, more);
  // The sandbox lives under /conversations/, not /chat_conversations/ (docs/claude-api.md §6).
  if (sub === "conversations" && id !== undefined && more[0] === "wiggle" && more.length === 2) {
    if (more[1] === "list-files") return { kind: "wiggle_list", org, chat: id };
    if (more[1] === "download-file") return { kind: "wiggle_download", org, chat: id };
  }
  return { kind: "other" };
}

// Classifies `pathname`; conversation routes need the org in the path (no org → 404).
export function classify(pathname: string): Route {
  const parts = pathname.split("/").slice(1).map(decode);
  const [api, collection, org, ...rest] = parts;
  if (api !== "api" || parts.includes("") || collection === undefined) return { kind: "other" };
  if (collection === "account" && org === undefined) return { kind: "account" };
  if (collection === "organizations") {
    if (org === undefined) return { kind: "organizations" };
    return orgRoute(org, rest);
  }
  // File bytes: `/api/{org}/files/{file}/{variant}`, with no `organizations/` segment (docs/claude-api.md §4.6, §6).
  const [file, variant, ...more] = rest;
  if (org === "files" && file !== undefined && variant !== undefined && more.length === 0) {
    if (VARIANTS.includes(variant))
      return { kind: "file", org: collection, file, variant: variant as FileVariant };
  }
  return { kind: "other" };
}
