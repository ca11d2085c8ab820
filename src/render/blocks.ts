import { isRecord } from "../core/guards.ts";

// The display model of one message: its content blocks, attachments and files turned into a flat list
// of parts that Markdown, HTML and the local viewer all draw the same way. Pure: the raw JSON goes in,
// nothing is read or written. Block shapes: docs/claude-api.md, "Content blocks".

// A link shown to a reader (a citation, a web search hit).
export interface Link {
  url: string;
  title: string;
}

// One thing a message shows. `key` ties a tool call to its result and to its artifact replay.
export type Part =
  | { kind: "text"; text: string; citations: Link[] }
  | { kind: "thinking"; text: string; cutOff: boolean }
  | { kind: "tool-call"; key: string; name: string; summary: string; code?: Code; input: unknown }
  | { kind: "tool-result"; key: string; name: string; isError: boolean; links: Link[]; texts: string[] }
  | { kind: "artifact"; key: string; name: string; input: Record<string, unknown> }
  | { kind: "attachment"; fileName: string; text: string }
  | { kind: "file"; fileName: string; fileKind: string; fileUuid: string | undefined }
  | { kind: "sync-source"; label: string }
  | { kind: "unknown"; type: string; json: string };

// Code a tool ran (code execution, a shell command), shown as a code block.
export interface Code {
  language: string;
  text: string;
}

// Tools whose calls change an artifact or a sandbox file; artifacts.ts replays them.
export const ARTIFACT_TOOLS: ReadonlySet<string> = new Set(["artifacts", "create_file", "str_replace"]);

// How much of an unknown block is shown: enough to see what it is, not a wall of JSON.
const UNKNOWN_JSON_CHARS = 400;

// The parts of one raw message, in the order claude.ai shows them: attachments and files first (they
// came with the message), then the content blocks.
export function messageParts(message: Record<string, unknown>): Part[] {
  const uuid = typeof message.uuid === "string" ? message.uuid : "message";
  const parts: Part[] = [];
  for (const attachment of records(message.attachments)) {
    parts.push({
      kind: "attachment",
      fileName: str(attachment.file_name) || "attachment",
      text: str(attachment.extracted_content),
    });
  }
  const seenFiles = new Set<string>();
  for (const file of [...records(message.files_v2), ...records(message.files)]) {
    // files and files_v2 carry the same file for backward compatibility: show it once.
    const fileUuid = typeof file.file_uuid === "string" ? file.file_uuid : undefined;
    const id = fileUuid ?? `${str(file.file_name)}:${str(file.path)}`;
    if (seenFiles.has(id)) continue;
    seenFiles.add(id);
    const fileName = str(file.file_name) || str(file.path).split("/").pop() || fileUuid || "file";
    parts.push({ kind: "file", fileName, fileKind: str(file.file_kind) || "file", fileUuid });
  }
  for (const source of records(message.sync_sources)) parts.push(syncSourcePart(source));
  const content = Array.isArray(message.content) ? message.content : [];
  content.forEach((block, index) => {
    parts.push(blockPart(block, `${uuid}:${index}`));
  });
  if (content.length === 0 && str(message.text))
    parts.push({ kind: "text", text: str(message.text), citations: [] });
  return parts;
}

// One content block as a part; anything unexpected becomes an `unknown` part, never an exception.
export function blockPart(block: unknown, fallbackKey: string): Part {
  if (!isRecord(block)) return unknownPart(typeof block, block);
  const type = str(block.type);
  if (type === "text" && typeof block.text === "string") {
    return { kind: "text", text: block.text, citations: citationLinks(block.citations) };
  }
  if (type === "thinking" && typeof block.thinking === "string") {
    return { kind: "thinking", text: block.thinking, cutOff: block.cut_off === true };
  }
  if (type === "tool_use") {
    const key = str(block.id) || fallbackKey;
    const name = str(block.name) || "tool";
    const input = block.input;
    if (ARTIFACT_TOOLS.has(name) && isRecord(input)) return { kind: "artifact", key, name, input };
    return { kind: "tool-call", key, name, summary: toolSummary(input), code: toolCode(name, input), input };
  }
  if (type === "tool_result") {
    const items = typeof block.content === "string" ? [{ type: "text", text: block.content }] : block.content;
    const links: Link[] = [];
    const texts: string[] = [];
    for (const item of Array.isArray(items) ? items : []) {
      if (!isRecord(item)) continue;
      if (typeof item.url === "string") links.push({ url: item.url, title: str(item.title) || item.url });
      else if (typeof item.text === "string") texts.push(item.text);
      else texts.push(shortJson(item));
    }
    return {
      kind: "tool-result",
      key: str(block.tool_use_id) || fallbackKey,
      name: str(block.name) || "tool",
      isError: block.is_error === true,
      links,
      texts,
    };
  }
  return unknownPart(type || "block", block);
}

// A citation's link: the URL sits at `url`, or under `details` or `metadata` depending on the tool.
function citationLinks(value: unknown): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const citation of records(value)) {
    const details = isRecord(citation.details) ? citation.details : {};
    const metadata = isRecord(citation.metadata) ? citation.metadata : {};
    const url = str(citation.url) || str(details.url) || str(metadata.url);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    links.push({ url, title: str(citation.title) || str(details.title) || str(metadata.title) || url });
  }
  return links;
}

// The one line a collapsed tool call shows: its query, URL, command or first text argument.
function toolSummary(input: unknown): string {
  if (!isRecord(input)) return "";
  for (const field of ["query", "url", "command", "path", "description"]) {
    const value = input[field];
    if (typeof value === "string" && value) return oneLine(value);
  }
  const first = Object.values(input).find((v) => typeof v === "string" && v);
  return typeof first === "string" ? oneLine(first) : "";
}

// Code execution and shell tools: their code, to show as code rather than as JSON.
function toolCode(name: string, input: unknown): Code | undefined {
  if (!isRecord(input)) return undefined;
  if (typeof input.code === "string") {
    const language = str(input.language) || (name === "repl" || name === "analysis" ? "javascript" : "");
    return { language, text: input.code };
  }
  if (name === "bash_tool" && typeof input.command === "string")
    return { language: "bash", text: input.command };
  return undefined;
}

function syncSourcePart(source: Record<string, unknown>): Part {
  const config = isRecord(source.config) ? source.config : {};
  const type = str(source.type) || "source";
  const where =
    type === "github"
      ? [str(config.owner), str(config.repo)].filter(Boolean).join("/") +
        (config.branch ? ` (${str(config.branch)})` : "")
      : str(config.uri);
  return { kind: "sync-source", label: `${type}${where ? `: ${where}` : ""}` };
}

function unknownPart(type: string, block: unknown): Part {
  return { kind: "unknown", type, json: shortJson(block) };
}

// JSON of a value cut to a readable length.
export function shortJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > UNKNOWN_JSON_CHARS ? `${text.slice(0, UNKNOWN_JSON_CHARS)}…` : text;
}

// Text on one line, cut to 100 characters.
export function oneLine(text: string, max = 100): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}
