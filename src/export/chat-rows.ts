import { relative } from "node:path";
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { ManifestEntry } from "../archive/file-manifest.ts";
import { buildChatTree, ROOT_PARENT } from "../core/chat-tree.ts";
import { isRecord } from "../core/guards.ts";
import { blobPath } from "../core/layout.ts";

// One chat's rows for the export: the conversation, every message of every branch (with its parent
// and whether it is on the active branch, so branches survive), its content blocks, attachments,
// files (with where the backup stores each one) and every version of every artifact.

export interface ChatContext {
  root: string;
  uuid: string; // the chat's, as the backup names its file
  orgUuid: string;
  path: string;
  manifest: ManifestEntry[];
}

export type ChatWriter = (chat: Record<string, unknown>, context: ChatContext) => { messages: number };

export function createChatWriter(db: DatabaseSync): ChatWriter {
  const insert = (sql: string) => {
    const statement = db.prepare(sql);
    return (...values: SQLInputValue[]) => statement.run(...values);
  };
  const conversation = insert(
    `INSERT OR REPLACE INTO conversations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const message = insert(`INSERT OR REPLACE INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const block = insert(`INSERT INTO content_blocks
    (message_uuid, conversation_id, position, type, text, tool_name, tool_use_id, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const attachment = insert(`INSERT INTO attachments
    (message_uuid, conversation_id, file_name, file_size, file_type, extracted_content, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const file = insert(`INSERT INTO files
    (conversation_id, message_uuid, file_uuid, file_name, file_kind, variant, status, sha256, size, content_type,
     stored_path, sandbox_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const artifact = insert(
    `INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  return (chat, context) => {
    const uuid = context.uuid;
    const tree = buildChatTree(chat);
    const active = new Set(tree.activePath.map((m) => m.uuid));
    const projectUuid =
      str(chat.project_uuid) ?? (isRecord(chat.project) ? str(chat.project.uuid) : undefined);
    conversation(
      uuid,
      str(chat.name) ?? "",
      str(chat.summary) ?? null,
      str(chat.created_at) ?? null,
      str(chat.updated_at) ?? null,
      context.orgUuid,
      projectUuid ?? null,
      str(chat.model) ?? null,
      chat.is_starred === true ? 1 : 0,
      tree.activeLeaf ?? null,
      json(chat.settings),
      context.path,
    );
    const versions = new Map<string, number>();
    const manifestByFile = groupByFile(context.manifest);
    // Creation order, so artifact versions count up as they were made (across branches).
    const ordered = [...tree.messages.values()].sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
    );
    for (const m of ordered) {
      const raw = m.raw;
      const content = Array.isArray(raw.content) ? raw.content.filter(isRecord) : [];
      const texts = content.filter((b) => b.type === "text").map((b) => str(b.text) ?? "");
      const files = [...records(raw.files_v2), ...records(raw.files)];
      message(
        m.uuid,
        uuid,
        m.parent === ROOT_PARENT ? null : m.parent,
        m.sender,
        texts.length > 0 ? texts.join("\n\n") : (str(raw.text) ?? ""),
        m.createdAt || null,
        str(raw.updated_at) ?? null,
        active.has(m.uuid) ? 1 : 0,
        typeof raw.index === "number" ? raw.index : null,
        str(raw.stop_reason) ?? null,
        json(raw.content),
        json(raw.attachments),
        json(files),
      );
      content.forEach((b, position) => {
        block(
          m.uuid,
          uuid,
          position,
          str(b.type) ?? null,
          blockText(b),
          str(b.name) ?? null,
          str(b.tool_use_id) ?? str(b.id) ?? null,
          JSON.stringify(b),
        );
        if (b.type === "tool_use" && b.name === "artifacts" && isRecord(b.input)) {
          const input = b.input;
          const identifier = str(input.id) ?? "";
          const key = `${uuid}-${identifier}`;
          const version = (versions.get(key) ?? 0) + 1;
          versions.set(key, version);
          artifact(
            `${key}-${version}`,
            key,
            identifier,
            version,
            str(input.type) ?? null,
            str(input.language) ?? null,
            str(input.title) ?? null,
            str(input.command) ?? null,
            str(input.content) ?? null,
            str(input.old_str) ?? null,
            str(input.new_str) ?? null,
            uuid,
            m.uuid,
            active.has(m.uuid) ? 1 : 0,
            m.createdAt || null,
          );
        }
      });
      for (const a of records(raw.attachments)) {
        attachment(
          m.uuid,
          uuid,
          str(a.file_name) ?? null,
          typeof a.file_size === "number" ? a.file_size : null,
          str(a.file_type) ?? null,
          str(a.extracted_content) ?? null,
          str(a.created_at) ?? null,
        );
      }
      const seen = new Set<string>();
      for (const f of files) {
        const fileUuid = str(f.file_uuid) ?? str(f.uuid);
        if (!fileUuid || seen.has(fileUuid)) continue;
        seen.add(fileUuid);
        const stored = manifestByFile.get(fileUuid.toLowerCase()) ?? [undefined];
        for (const entry of stored) {
          file(
            uuid,
            m.uuid,
            fileUuid,
            str(f.file_name) ?? entry?.fileName ?? null,
            str(f.file_kind) ?? null,
            ...storedFields(context.root, entry),
            null,
          );
        }
      }
    }
    for (const entry of context.manifest) {
      if (entry.sandboxPath === undefined) continue;
      file(
        uuid,
        null,
        null,
        entry.fileName,
        "sandbox",
        ...storedFields(context.root, entry),
        entry.sandboxPath,
      );
    }
    return { messages: tree.messages.size };
  };
}

// variant, status, sha256, size, content_type, stored_path (relative to the backup folder).
function storedFields(root: string, entry: ManifestEntry | undefined): SQLInputValue[] {
  if (!entry) return [null, null, null, null, null, null];
  const stored = entry.status === "ok" && entry.sha256 ? relative(root, blobPath(root, entry.sha256)) : null;
  return [
    entry.variant,
    entry.status,
    entry.sha256 ?? null,
    entry.size ?? null,
    entry.contentType ?? null,
    stored,
  ];
}

function groupByFile(manifest: readonly ManifestEntry[]): Map<string, ManifestEntry[]> {
  const byFile = new Map<string, ManifestEntry[]>();
  for (const entry of manifest) {
    if (!entry.fileUuid) continue;
    const key = entry.fileUuid.toLowerCase();
    byFile.set(key, [...(byFile.get(key) ?? []), entry]);
  }
  return byFile;
}

// The words of a block, for content_blocks.text and its full-text index.
function blockText(b: Record<string, unknown>): string | null {
  if (b.type === "text") return str(b.text) ?? null;
  if (b.type === "thinking") return str(b.thinking) ?? null;
  if (b.type === "tool_use") return json(b.input);
  if (b.type === "tool_result") {
    const parts = records(b.content).map((item) =>
      [str(item.title), str(item.url), str(item.text)].filter(Boolean).join(" "),
    );
    return parts.join("\n") || null;
  }
  return null;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
