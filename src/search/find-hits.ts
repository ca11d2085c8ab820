import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { CJK_SEPARATOR } from "./cjk.ts";
import { ID_SLOTS } from "./index-db.ts";

// Runs a query against the index: FTS5 finds the entries, the filters narrow them, and the order is
// either newest first (FTS5's own rowid order, see ID_SLOTS: no sort, it stops at the limit) or
// FTS5's bm25 rank. Either order is FTS5's own (no sorter), so the snippet in the select list is made
// for the returned hits only. (A separate snippet query per hit would redo the match each time: for a
// prefix, which merges every matching word's list, that is 20 times the work.)

// Highlight markers in snippets: control characters, which the indexed text never holds.
export const MARK_START = "\u0001";
export const MARK_END = "\u0002";

// Words of context FTS5 keeps around the matches in a snippet.
const SNIPPET_TOKENS = 24;

export interface SearchFilters {
  orgUuids?: string[];
  projectUuids?: string[];
  sinceMs?: number; // hits at or after
  untilMs?: number; // hits before
  sender?: string;
  model?: string; // a part of the model name, any case
  starred?: boolean;
}

// One matching entry: a chat's title, a message (any branch), a project or a project doc.
export interface Hit {
  kind: "title" | "message" | "project" | "doc";
  conversationUuid: string | undefined;
  messageUuid: string | undefined;
  organizationUuid: string;
  projectUuid: string | undefined;
  docUuid: string | undefined;
  name: string; // the chat's name, or the project's
  fileName: string | undefined; // a doc's
  onActiveBranch: boolean | undefined; // a message's: on the branch claude.ai shows
  createdAt: string;
  sender: string | undefined;
  model: string | undefined;
  starred: boolean;
  snippet: string; // matches between MARK_START and MARK_END
}

export function findHits(
  db: DatabaseSync,
  match: string,
  filters: SearchFilters,
  options: { rank: boolean; limit: number },
): Hit[] {
  const where: string[] = ["entries_fts MATCH ?"];
  const params: SQLInputValue[] = [match];
  if (filters.orgUuids) {
    where.push(`coalesce(c.org_uuid, p.org_uuid) IN (${marks(filters.orgUuids)})`);
    params.push(...filters.orgUuids);
  }
  if (filters.projectUuids) {
    const list = marks(filters.projectUuids);
    where.push(`(c.project_uuid IN (${list}) OR p.uuid IN (${list}))`);
    params.push(...filters.projectUuids, ...filters.projectUuids);
  }
  if (filters.sinceMs !== undefined) {
    where.push("f.rowid >= ?");
    params.push(rowid(filters.sinceMs));
  }
  if (filters.untilMs !== undefined) {
    where.push("f.rowid < ?");
    params.push(rowid(filters.untilMs));
  }
  if (filters.sender) {
    where.push("e.kind = 'message' AND e.sender = ?");
    params.push(filters.sender);
  }
  if (filters.model) {
    where.push("instr(lower(c.model), lower(?)) > 0");
    params.push(filters.model);
  }
  if (filters.starred) where.push("c.starred = 1");
  const rows = db
    .prepare(`SELECT snippet(entries_fts, 0, ?, ?, '…', ${SNIPPET_TOKENS}) AS snippet, e.kind, e.item_uuid, e.label, e.sender, e.active, e.created_at,
        c.uuid AS chat_uuid, c.name AS chat_name, c.org_uuid AS chat_org, c.model, c.starred,
        c.project_uuid AS chat_project, p.uuid AS project_uuid, p.name AS project_name, p.org_uuid AS project_org
      FROM entries_fts f JOIN entries e ON e.id = f.rowid
        LEFT JOIN chats c ON c.id = e.chat_id LEFT JOIN projects p ON p.id = e.project_id
      WHERE ${where.join(" AND ")}
      ORDER BY ${options.rank ? "f.rank" : "f.rowid DESC"} LIMIT ?`)
    .all(MARK_START, MARK_END, ...params, options.limit);
  return rows.map((row) => {
    const kind = String(row.kind) as Hit["kind"];
    const inChat = row.chat_uuid !== null;
    return {
      kind,
      conversationUuid: opt(row.chat_uuid),
      messageUuid: kind === "message" ? opt(row.item_uuid) : undefined,
      organizationUuid: String((inChat ? row.chat_org : row.project_org) ?? ""),
      projectUuid: opt(inChat ? row.chat_project : row.project_uuid),
      docUuid: kind === "doc" ? opt(row.item_uuid) : undefined,
      name: String((inChat ? row.chat_name : row.project_name) ?? ""),
      fileName: kind === "doc" ? opt(row.label) : undefined,
      onActiveBranch: kind === "message" ? row.active === 1 : undefined,
      createdAt: String(row.created_at ?? ""),
      sender: opt(row.sender),
      model: opt(row.model),
      starred: row.starred === 1,
      snippet: String(row.snippet ?? "").replaceAll(CJK_SEPARATOR, ""),
    };
  });
}

// The first entry id of an instant. Bound as a BigInt: node:sqlite binds a large number as a REAL,
// which FTS5 does not take as a rowid constraint.
function rowid(ms: number): bigint {
  return BigInt(Math.max(0, Math.floor(ms))) * BigInt(ID_SLOTS);
}

function marks(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ");
}

function opt(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
