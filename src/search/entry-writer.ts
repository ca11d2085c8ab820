import type { DatabaseSync, StatementSync } from "node:sqlite";
import { buildChatTree } from "../core/chat-tree.ts";
import { splitCjk } from "./cjk.ts";
import { ID_SLOTS } from "./index-db.ts";
import { messageText } from "./message-text.ts";
import type { ProjectDocs } from "./project-files.ts";

// Writes the rows one chat or project contributes to the index: its title, each message of every
// branch, a project's text and each of its docs. Callers hold the write transaction.

// What a chat row of the index says about a chat (filters and the printed hit read these).
export interface ChatFacts {
  uuid: string;
  orgUuid: string;
  path: string;
  mtimeMs: number;
  size: number;
}

interface Entry {
  chatId?: number;
  projectId?: number;
  kind: "title" | "message" | "project" | "doc";
  itemUuid?: string;
  label?: string; // a doc's file name
  sender?: string;
  active?: boolean; // a message on the branch claude.ai shows
  createdAt: string;
  text: string;
}

// Prepared statements for the index's writes, made once per refresh.
export interface EntryWriter {
  // Replaces everything indexed for the chat with what `json` holds (undefined: a file that is not a
  // chat, kept as a row without entries so it is not read again until it changes).
  writeChat(facts: ChatFacts, json: Record<string, unknown> | undefined): void;
  removeChat(chatId: number): void;
  writeProject(facts: { uuid: string; orgUuid: string; dir: string; stamp: string }, docs: ProjectDocs): void;
  removeProject(projectId: number): void;
}

export function createEntryWriter(db: DatabaseSync): EntryWriter {
  const upsertChat = db.prepare(`INSERT INTO chats
    (uuid, org_uuid, path, mtime_ms, size, name, created_at, updated_at, model, starred, project_uuid)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (uuid) DO UPDATE SET org_uuid = excluded.org_uuid, path = excluded.path,
      mtime_ms = excluded.mtime_ms, size = excluded.size, name = excluded.name,
      created_at = excluded.created_at, updated_at = excluded.updated_at, model = excluded.model,
      starred = excluded.starred, project_uuid = excluded.project_uuid
    RETURNING id`);
  const upsertProject = db.prepare(`INSERT INTO projects (uuid, org_uuid, dir, stamp, name)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (uuid) DO UPDATE SET org_uuid = excluded.org_uuid, dir = excluded.dir,
      stamp = excluded.stamp, name = excluded.name
    RETURNING id`);
  const insertEntry = db.prepare(`INSERT OR IGNORE INTO entries
    (id, chat_id, project_id, kind, item_uuid, label, sender, active, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertText = db.prepare("INSERT INTO entries_fts (rowid, text) VALUES (?, ?)");
  const dropChatText = db.prepare(
    "DELETE FROM entries_fts WHERE rowid IN (SELECT id FROM entries WHERE chat_id = ?)",
  );
  const dropChatEntries = db.prepare("DELETE FROM entries WHERE chat_id = ?");
  const dropChat = db.prepare("DELETE FROM chats WHERE id = ?");
  const dropProjectText = db.prepare(
    "DELETE FROM entries_fts WHERE rowid IN (SELECT id FROM entries WHERE project_id = ?)",
  );
  const dropProjectEntries = db.prepare("DELETE FROM entries WHERE project_id = ?");
  const dropProject = db.prepare("DELETE FROM projects WHERE id = ?");

  const add = (entry: Entry) => addEntry(insertEntry, insertText, entry);
  const clearChat = (id: number) => {
    dropChatText.run(id);
    dropChatEntries.run(id);
  };
  const clearProject = (id: number) => {
    dropProjectText.run(id);
    dropProjectEntries.run(id);
  };

  return {
    writeChat(facts, json) {
      const chat = json ?? {};
      const updatedAt = str(chat.updated_at);
      const name = str(chat.name);
      const row = upsertChat.get(
        facts.uuid,
        facts.orgUuid,
        facts.path,
        facts.mtimeMs,
        facts.size,
        name,
        str(chat.created_at),
        updatedAt,
        typeof chat.model === "string" ? chat.model : null,
        chat.is_starred === true ? 1 : 0,
        typeof chat.project_uuid === "string" ? chat.project_uuid.toLowerCase() : null,
      );
      const chatId = Number(row?.id);
      clearChat(chatId);
      if (!json) return;
      const title = [name, str(chat.summary)].filter((part) => part.length > 0).join("\n");
      if (title) add({ chatId, kind: "title", createdAt: updatedAt || str(chat.created_at), text: title });
      const tree = buildChatTree(json);
      const active = new Set(tree.activePath.map((message) => message.uuid));
      for (const message of tree.messages.values()) {
        const text = messageText(message.raw);
        if (!text) continue;
        add({
          chatId,
          kind: "message",
          itemUuid: message.uuid,
          sender: message.sender,
          active: active.has(message.uuid),
          createdAt: message.createdAt,
          text,
        });
      }
    },
    removeChat(chatId) {
      clearChat(chatId);
      dropChat.run(chatId);
    },
    writeProject(facts, docs) {
      const row = upsertProject.get(facts.uuid, facts.orgUuid, facts.dir, facts.stamp, docs.name);
      const projectId = Number(row?.id);
      clearProject(projectId);
      if (docs.text) add({ projectId, kind: "project", createdAt: docs.updatedAt, text: docs.text });
      for (const doc of docs.docs) {
        const text = [doc.fileName, doc.content].filter((part) => part.length > 0).join("\n");
        if (text)
          add({
            projectId,
            kind: "doc",
            itemUuid: doc.uuid,
            label: doc.fileName,
            createdAt: doc.createdAt,
            text,
          });
      }
    },
    removeProject(projectId) {
      clearProject(projectId);
      dropProject.run(projectId);
    },
  };
}

// Inserts an entry under the first free id of its millisecond.
function addEntry(insertEntry: StatementSync, insertText: StatementSync, entry: Entry): void {
  const ms = Date.parse(entry.createdAt);
  // BigInt: node:sqlite would bind a number this large as a REAL.
  const base = BigInt(Number.isFinite(ms) && ms > 0 ? Math.floor(ms) : 0) * BigInt(ID_SLOTS);
  for (let slot = 0n; slot < BigInt(ID_SLOTS); slot++) {
    const id = base + slot;
    const result = insertEntry.run(
      id,
      entry.chatId ?? null,
      entry.projectId ?? null,
      entry.kind,
      entry.itemUuid ?? null,
      entry.label ?? null,
      entry.sender ?? null,
      entry.active === undefined ? null : entry.active ? 1 : 0,
      entry.createdAt,
    );
    if (Number(result.changes) === 1) {
      insertText.run(id, searchable(entry.text));
      return;
    }
  }
  // A thousand entries in one millisecond: not a real chat; it stays out of the index.
}

// Control characters become spaces: the snippets are then one terminal-safe line, and the markers
// that highlight a match (U+0001, U+0002) cannot occur in the text itself. CJK characters become
// words of their own (cjk.ts).
function searchable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return splitCjk(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " "));
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}
