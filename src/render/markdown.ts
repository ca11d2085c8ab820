import { isRecord } from "../core/guards.ts";
import { summarizeArtifact } from "./artifact-summary.ts";
import type { Link, Part } from "./blocks.ts";
import type { ChatDocument, DocMessage, Section } from "./document.ts";
import type { RenderLinks } from "./render-links.ts";
import { fence, formatTime, isSafeUrl, singleLine } from "./text.ts";
import { frontMatter } from "./yaml.ts";

// A chat as one Markdown file: YAML front matter, the active branch, then every other branch from
// where it forks. Chat text is written as it is (it is Markdown already); everything the tool adds
// around it is escaped or fenced. Pure.

// The whole Markdown file of a chat.
export function renderMarkdown(doc: ChatDocument, links: RenderLinks): string {
  const { meta } = doc;
  const out: string[] = [
    frontMatter([
      ["title", meta.title],
      ["uuid", meta.uuid || undefined],
      ["url", meta.url || undefined],
      ["organization", meta.organization],
      ["project", meta.project],
      ["model", meta.model],
      ["created", meta.created],
      ["updated", meta.updated],
      ["starred", meta.starred],
      ["branches", doc.branchCount],
    ]),
    `# ${escapeInline(singleLine(meta.title))}\n`,
  ];
  for (const section of doc.sections) out.push(renderSection(doc, section, links));
  return `${out.join("\n").trimEnd()}\n`;
}

function renderSection(doc: ChatDocument, section: Section, links: RenderLinks): string {
  const out: string[] = [];
  const several = doc.sections.length > 1 || section.total > 1;
  if (several && (!section.active || doc.sections.length > 1)) {
    const label = section.active ? "active" : "not active";
    out.push(`## Branch ${section.number} of ${section.total} (${label})\n`);
    if (section.forkAfterTime !== undefined) {
      out.push(`_Forks after the message of ${formatTime(section.forkAfterTime)} above._\n`);
    }
  }
  for (const message of section.messages)
    out.push(renderMessageMarkdown(message, doc, links, section.number - 1));
  return out.join("\n");
}

// One message: a heading with who and when (and "version 2 of 3" at a fork), then its parts.
export function renderMessageMarkdown(
  message: DocMessage,
  doc: ChatDocument,
  links: RenderLinks,
  branch: number,
): string {
  const who =
    message.sender === "human" ? "User" : message.sender === "assistant" ? "Claude" : message.sender;
  const bits = [who, formatTime(message.createdAt)].filter(Boolean);
  if (message.fork) bits.push(`version ${message.fork.index} of ${message.fork.count}`);
  const out = [`### ${escapeInline(bits.join(" · "))}\n`];
  for (const part of message.parts) out.push(`${renderPart(part, doc, links, branch)}\n`);
  return out.join("\n");
}

function renderPart(part: Part, doc: ChatDocument, links: RenderLinks, branch: number): string {
  switch (part.kind) {
    case "text":
      return part.citations.length ? `${part.text}\n\n${sources(part.citations)}` : part.text;
    case "thinking":
      return quote(`**Thinking${part.cutOff ? " (cut off)" : ""}**\n\n${part.text}`);
    case "tool-call": {
      const head = `**Tool call: ${escapeInline(part.name)}**${part.summary ? ` — ${escapeInline(part.summary)}` : ""}`;
      if (doc.view.tools === "collapsed") return `_${head}_`;
      const body = part.code
        ? fence(part.code.text, part.code.language)
        : fence(prettyJson(part.input), "json");
      return `${head}\n\n${body}`;
    }
    case "tool-result": {
      const out = [`**Result of ${escapeInline(part.name)}${part.isError ? " (error)" : ""}**`];
      if (part.links.length) out.push(part.links.map((l) => `- ${mdLink(l.title, l.url)}`).join("\n"));
      for (const text of part.texts) out.push(fence(text, "text"));
      return out.join("\n\n");
    }
    case "artifact":
      return renderArtifact(part, doc, links, branch);
    case "attachment":
      return `**Attachment: ${escapeInline(part.fileName)}**\n\n${fence(part.text, "text")}`;
    case "file": {
      const href = links.file(part.fileUuid, part.fileKind);
      if (!href) return `**File:** ${escapeInline(part.fileName)} (${part.fileKind}, no copy in the backup)`;
      const name = escapeLinkText(part.fileName);
      return part.fileKind === "image" ? `![${name}](${href})` : `**File:** [${name}](${href})`;
    }
    case "sync-source":
      return `**Synced source:** ${escapeInline(part.label)}`;
    case "unknown":
      return `**Block of unknown type \`${part.type.replace(/`/g, "'")}\`**\n\n${fence(part.json, "json")}`;
  }
}

function renderArtifact(
  part: Extract<Part, { kind: "artifact" }>,
  doc: ChatDocument,
  links: RenderLinks,
  branch: number,
): string {
  const a = summarizeArtifact(part, doc, links, branch);
  let head = `**${a.label}: ${escapeInline(singleLine(a.title))}** (${escapeInline(a.command)}`;
  head += a.version ? `, version ${a.version})` : ")";
  if (a.href) head += ` → [${escapeLinkText(a.shown)}](${a.href})`;
  if (a.failure !== undefined) head += `\n\n> **This ${a.command} did not apply:** ${a.failure}`;
  if (doc.view.tools === "collapsed") return head;
  const body = a.bodies.map((b) => (b.heading ? `${b.heading}:\n\n` : "") + fence(b.text, a.language));
  return [head, ...body].join("\n\n");
}

function sources(citations: readonly Link[]): string {
  return `Sources:\n${citations.map((c, i) => `${i + 1}. ${mdLink(c.title, c.url)}`).join("\n")}`;
}

// A Markdown link when the URL is safe; otherwise the title and the URL as code, not clickable.
export function mdLink(title: string, url: string): string {
  const text = escapeLinkText(singleLine(title) || url);
  if (!isSafeUrl(url)) return `${text} (\`${url.replace(/`/g, "%60")}\`, not linked)`;
  return `[${text}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

// Text the tool puts on a line of its own (names, titles): no HTML, no emphasis surprises.
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(isRecord(value) || Array.isArray(value) ? value : (value ?? null), null, 2);
  } catch {
    return String(value);
  }
}
