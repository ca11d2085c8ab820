import { isRecord } from "../core/guards.ts";

// The searchable text of one saved message: what a person could remember having seen in it. Content
// blocks (text, thinking, a tool call's input, a tool result's text and titles), attachments' extracted
// text and the names of uploaded files. Unknown block types give their string fields, so nothing a
// later claude.ai adds is silently unsearchable.

// Deepest nesting followed inside a tool input or unknown block (a guard against pathological JSON).
const MAX_DEPTH = 8;

// Keys whose strings are not text a person reads (ids, URLs of icons, timestamps, enum values).
const SKIPPED_KEYS = new Set([
  "type",
  "id",
  "uuid",
  "tool_use_id",
  "start_timestamp",
  "stop_timestamp",
  "created_at",
  "updated_at",
  "integration_icon_url",
  "icon_name",
  "favicon_url",
  "version_uuid",
  "file_uuid",
  "preview_url",
  "thumbnail_url",
  "url_hash",
]);

// The text of a message, one part per line.
export function messageText(message: Record<string, unknown>): string {
  const parts: string[] = [];
  const content = Array.isArray(message.content) ? message.content : [];
  for (const block of content) if (isRecord(block)) blockText(block, parts);
  // Old chats carry their words in `text` only; newer ones repeat the blocks there, or leave it "".
  if (parts.length === 0 && typeof message.text === "string") parts.push(message.text);
  for (const attachment of records(message.attachments)) {
    pushString(parts, attachment.file_name);
    pushString(parts, attachment.extracted_content);
  }
  const names = new Set<string>();
  for (const file of [...records(message.files_v2), ...records(message.files)]) {
    if (typeof file.file_name === "string") names.add(file.file_name);
  }
  parts.push(...names);
  return parts.filter((part) => part.length > 0).join("\n");
}

// Adds one content block's text to `parts`.
export function blockText(block: Record<string, unknown>, parts: string[]): void {
  switch (block.type) {
    case "text":
      pushString(parts, block.text);
      return;
    case "thinking":
      pushString(parts, block.thinking);
      return;
    case "tool_use":
      pushString(parts, block.name);
      strings(block.input, parts, 0);
      return;
    case "tool_result":
      strings(block.content, parts, 0);
      return;
    case "token_budget":
      return;
    default:
      strings(block, parts, 0);
  }
}

// Every string inside a JSON value, skipping keys that hold no readable text.
function strings(value: unknown, parts: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === "string") pushString(parts, value);
  else if (Array.isArray(value)) for (const item of value) strings(item, parts, depth + 1);
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (!SKIPPED_KEYS.has(key)) strings(item, parts, depth + 1);
    }
  }
}

function pushString(parts: string[], value: unknown): void {
  if (typeof value === "string" && value.length > 0) parts.push(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
