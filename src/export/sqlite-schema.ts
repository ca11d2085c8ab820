// The tables of `claude-backup export sqlite`. Columns that mean what claude-to-sqlite's mean carry its
// names (conversations.uuid/name/created_at/updated_at, messages.uuid/text/sender/created_at/
// conversation_id, artifacts.id/artifact/identifier/version/...), so queries written for it keep working.
// Raw JSON columns keep what claude.ai sent, for anything the columns leave out.

export const SCHEMA = `
CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE organizations (uuid TEXT PRIMARY KEY, name TEXT, dir_name TEXT);
CREATE TABLE projects (
  uuid TEXT PRIMARY KEY, organization_uuid TEXT REFERENCES organizations (uuid), name TEXT,
  description TEXT, prompt_template TEXT, created_at TEXT, updated_at TEXT, archived_at TEXT, json TEXT);
CREATE TABLE project_docs (
  uuid TEXT PRIMARY KEY, project_uuid TEXT REFERENCES projects (uuid), file_name TEXT, content TEXT,
  created_at TEXT);
CREATE TABLE conversations (
  uuid TEXT PRIMARY KEY, name TEXT, summary TEXT, created_at TEXT, updated_at TEXT,
  organization_uuid TEXT REFERENCES organizations (uuid), project_uuid TEXT, model TEXT,
  is_starred INTEGER, current_leaf_message_uuid TEXT, settings TEXT, path TEXT);
CREATE TABLE messages (
  uuid TEXT PRIMARY KEY, conversation_id TEXT REFERENCES conversations (uuid), parent_message_uuid TEXT,
  sender TEXT, text TEXT, created_at TEXT, updated_at TEXT, is_active INTEGER, "index" INTEGER,
  stop_reason TEXT, content TEXT, attachments TEXT, files TEXT);
CREATE TABLE content_blocks (
  id INTEGER PRIMARY KEY, message_uuid TEXT REFERENCES messages (uuid), conversation_id TEXT,
  position INTEGER, type TEXT, text TEXT, tool_name TEXT, tool_use_id TEXT, json TEXT);
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY, message_uuid TEXT REFERENCES messages (uuid), conversation_id TEXT,
  file_name TEXT, file_size INTEGER, file_type TEXT, extracted_content TEXT, created_at TEXT);
CREATE TABLE files (
  id INTEGER PRIMARY KEY, conversation_id TEXT REFERENCES conversations (uuid),
  message_uuid TEXT REFERENCES messages (uuid), file_uuid TEXT, file_name TEXT, file_kind TEXT,
  variant TEXT, status TEXT, sha256 TEXT, size INTEGER, content_type TEXT, stored_path TEXT,
  sandbox_path TEXT);
CREATE TABLE artifacts (
  id TEXT PRIMARY KEY, artifact TEXT, identifier TEXT, version INTEGER, type TEXT, language TEXT,
  title TEXT, command TEXT, content TEXT, old_str TEXT, new_str TEXT,
  conversation_id TEXT REFERENCES conversations (uuid), message_id TEXT REFERENCES messages (uuid),
  is_active INTEGER, created_at TEXT);
CREATE INDEX messages_conversation ON messages (conversation_id);
CREATE INDEX messages_parent ON messages (parent_message_uuid);
CREATE INDEX content_blocks_message ON content_blocks (message_uuid);
CREATE INDEX attachments_message ON attachments (message_uuid);
CREATE INDEX files_conversation ON files (conversation_id);
CREATE INDEX artifacts_conversation ON artifacts (conversation_id);
CREATE INDEX conversations_updated ON conversations (updated_at);
`;

// Full-text indexes, as sqlite-utils' enable_fts makes them (`<table>_fts`, content=[<table>]), which
// is how Datasette finds them and offers a search box. Filled once at the end; the file is a snapshot,
// so there are no triggers.
export const FTS: readonly { table: string; columns: readonly string[] }[] = [
  { table: "conversations", columns: ["name", "summary"] },
  { table: "messages", columns: ["text"] },
  { table: "content_blocks", columns: ["text"] },
  { table: "attachments", columns: ["file_name", "extracted_content"] },
  { table: "artifacts", columns: ["title", "content"] },
  { table: "project_docs", columns: ["file_name", "content"] },
];

// The statements that create and fill one full-text index.
export function ftsStatements(table: string, columns: readonly string[]): string[] {
  const list = columns.map((c) => `[${c}]`).join(", ");
  return [
    `CREATE VIRTUAL TABLE [${table}_fts] USING FTS5 (\n    ${columns.map((c) => `[${c}]`).join(",\n    ")},\n    tokenize='unicode61 remove_diacritics 2',\n    content=[${table}]\n)`,
    `INSERT INTO [${table}_fts] (rowid, ${list}) SELECT rowid, ${list} FROM [${table}]`,
  ];
}
