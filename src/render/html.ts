import { summarizeArtifact } from "./artifact-summary.ts";
import type { Link, Part } from "./blocks.ts";
import type { ChatDocument, DocMessage, Section } from "./document.ts";
import { CHAT_CSS } from "./html-style.ts";
import type { MarkdownToHtml } from "./markdown-html.ts";
import type { RenderLinks } from "./render-links.ts";
import { escapeHtml, formatTime, isSafeUrl, singleLine } from "./text.ts";

// A chat as HTML: fragments the local viewer embeds (renderChatHtmlBody, renderMessageHtml) and the
// self-contained page the archive render writes (renderChatHtmlPage: inline CSS, no script, no web
// fonts). Every piece of chat text is escaped or goes through markdown-it with raw HTML off. Pure.

// What the HTML writers need besides the document.
export interface HtmlContext {
  links: RenderLinks;
  markdown: MarkdownToHtml;
}

// A whole page: open it from disk, print it to PDF.
export function renderChatHtmlPage(doc: ChatDocument, context: HtmlContext): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(singleLine(doc.meta.title))}</title>
<style>${CHAT_CSS}</style>
</head>
<body>
${renderChatHtmlBody(doc, context)}
</body>
</html>
`;
}

// The chat without page chrome: header with its facts, then one <section> per branch.
export function renderChatHtmlBody(doc: ChatDocument, context: HtmlContext): string {
  const { meta } = doc;
  const facts: [string, string | undefined][] = [
    ["Organization", meta.organization],
    ["Project", meta.project],
    ["Model", meta.model],
    ["Created", formatTime(meta.created)],
    ["Updated", formatTime(meta.updated)],
    ["Starred", meta.starred ? "yes" : undefined],
    ["Branches", doc.branchCount > 1 ? String(doc.branchCount) : undefined],
  ];
  const rows = facts
    .filter((f): f is [string, string] => Boolean(f[1]))
    .map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`)
    .join("");
  const link = meta.url
    ? `<p class="source"><a href="${escapeHtml(meta.url)}">${escapeHtml(meta.url)}</a></p>`
    : "";
  const sections = doc.sections.map((s) => renderSection(doc, s, context)).join("\n");
  return `<article class="chat">
<header><h1>${escapeHtml(singleLine(meta.title))}</h1>${link}<dl>${rows}</dl></header>
${sections}
</article>`;
}

function renderSection(doc: ChatDocument, section: Section, context: HtmlContext): string {
  let head = "";
  if (section.total > 1 && (doc.sections.length > 1 || !section.active)) {
    head = `<h2>Branch ${section.number} of ${section.total} (${section.active ? "active" : "not active"})</h2>`;
    if (section.forkAfterTime !== undefined) {
      const target = section.forkAfter ? `<a href="#m-${escapeHtml(section.forkAfter)}">` : "<a>";
      head += `<p class="fork-note">Forks after ${target}the message of ${escapeHtml(formatTime(section.forkAfterTime))}</a>.</p>`;
    }
  }
  const messages = section.messages.map((m) => renderMessageHtml(m, doc, context, section.number - 1));
  const cls = section.active ? "branch active" : "branch";
  return `<section class="${cls}" id="branch-${section.number}">${head}\n${messages.join("\n")}\n</section>`;
}

// One message as an <article>: who, when, which version at a fork, then its parts.
export function renderMessageHtml(
  message: DocMessage,
  doc: ChatDocument,
  context: HtmlContext,
  branch = 0,
): string {
  const human = message.sender === "human";
  const who = human ? "User" : message.sender === "assistant" ? "Claude" : message.sender;
  const fork = message.fork
    ? ` <span class="fork">version ${message.fork.index} of ${message.fork.count}</span>`
    : "";
  const time = message.createdAt
    ? ` <time datetime="${escapeHtml(message.createdAt)}">${escapeHtml(formatTime(message.createdAt))}</time>`
    : "";
  const parts = message.parts.map((p) => renderPartHtml(p, human, doc, context, branch)).join("\n");
  return `<article class="message ${human ? "user" : "assistant"}" id="m-${escapeHtml(message.uuid)}">
<header><strong>${escapeHtml(who)}</strong>${time}${fork}</header>
${parts}
</article>`;
}

function renderPartHtml(
  part: Part,
  human: boolean,
  doc: ChatDocument,
  context: HtmlContext,
  branch: number,
): string {
  const { links, markdown } = context;
  switch (part.kind) {
    case "text": {
      // People type plain text; Claude writes Markdown.
      const body = human ? `<p class="plain">${escapeHtml(part.text)}</p>` : markdown(part.text);
      const cites = part.citations.length
        ? `<ol class="sources">${part.citations.map(linkItem).join("")}</ol>`
        : "";
      return `<div class="text">${body}${cites}</div>`;
    }
    case "thinking":
      return `<details class="thinking"><summary>Thinking${part.cutOff ? " (cut off)" : ""}</summary>${markdown(part.text)}</details>`;
    case "tool-call": {
      const summary = `Tool call: <code>${escapeHtml(part.name)}</code>${part.summary ? ` — ${escapeHtml(part.summary)}` : ""}`;
      if (doc.view.tools === "collapsed") return `<p class="tool collapsed">${summary}</p>`;
      const body = part.code ? code(part.code.text, part.code.language) : code(json(part.input), "json");
      return `<details class="tool"><summary>${summary}</summary>${body}</details>`;
    }
    case "tool-result": {
      const items = part.links.length ? `<ul class="links">${part.links.map(linkItem).join("")}</ul>` : "";
      const texts = part.texts.map((t) => code(t, "text")).join("");
      const cls = part.isError ? "tool result error" : "tool result";
      return `<details class="${cls}"><summary>Result of <code>${escapeHtml(part.name)}</code>${part.isError ? " (error)" : ""}</summary>${items}${texts}</details>`;
    }
    case "artifact":
      return renderArtifactHtml(part, doc, context, branch);
    case "attachment":
      return `<details class="attachment"><summary>Attachment: ${escapeHtml(part.fileName)}</summary>${code(part.text, "text")}</details>`;
    case "file": {
      const href = links.file(part.fileUuid, part.fileKind);
      const name = escapeHtml(part.fileName);
      if (!href)
        return `<p class="file missing">File: ${name} <small>(${escapeHtml(part.fileKind)}, no copy in the backup)</small></p>`;
      const inner =
        part.fileKind === "image" ? `<img src="${escapeHtml(href)}" alt="${name}" loading="lazy">` : name;
      return `<p class="file"><a href="${escapeHtml(href)}">${inner}</a></p>`;
    }
    case "sync-source":
      return `<p class="sync">Synced source: ${escapeHtml(part.label)}</p>`;
    case "unknown":
      return `<div class="unknown"><p>Block of unknown type <code>${escapeHtml(part.type)}</code></p>${code(part.json, "json")}</div>`;
  }
}

function renderArtifactHtml(
  part: Extract<Part, { kind: "artifact" }>,
  doc: ChatDocument,
  context: HtmlContext,
  branch: number,
): string {
  const a = summarizeArtifact(part, doc, context.links, branch);
  const version = a.version ? `, version ${a.version}` : "";
  const link = a.href ? ` → <a href="${escapeHtml(a.href)}">${escapeHtml(a.shown)}</a>` : "";
  const summary = `${a.label}: <strong>${escapeHtml(singleLine(a.title))}</strong> (${escapeHtml(a.command)}${version})${link}`;
  const failure =
    a.failure !== undefined
      ? `<p class="failed">This ${escapeHtml(a.command)} did not apply: ${escapeHtml(a.failure)}</p>`
      : "";
  if (doc.view.tools === "collapsed") return `<div class="artifact"><p>${summary}</p>${failure}</div>`;
  const bodies = a.bodies.map((b) => (b.heading ? `<p>${b.heading}:</p>` : "") + code(b.text, a.language));
  return `<div class="artifact"><details><summary>${summary}</summary>${bodies.join("")}</details>${failure}</div>`;
}

function linkItem(link: Link): string {
  const title = escapeHtml(singleLine(link.title) || link.url);
  if (!isSafeUrl(link.url)) return `<li>${title} <code>${escapeHtml(link.url)}</code></li>`;
  return `<li><a href="${escapeHtml(link.url)}" rel="noopener noreferrer">${title}</a></li>`;
}

function code(text: string, language: string): string {
  const cls = /^[\w+#.-]{1,30}$/.test(language) ? ` class="language-${language}"` : "";
  return `<pre><code${cls}>${escapeHtml(text)}</code></pre>`;
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value ?? null, null, 2);
  } catch {
    return String(value);
  }
}
