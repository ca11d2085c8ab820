import type { ManifestEntry } from "../../archive/file-manifest.ts";
import type { ArtifactEvent, Replay } from "../../render/artifacts.ts";
import type { Link, Part } from "../../render/blocks.ts";
import type { MarkdownToHtml } from "../../render/markdown-html.ts";
import { highlightBlocks, highlightCode } from "../highlight.ts";
import { type Html, html, trusted } from "../html.ts";

// One message part (render/blocks.ts) as viewer HTML: text as Markdown (raw HTML shown as text),
// thinking, tool calls and results folded in <details>, files from the store, artifacts as code and,
// for HTML and SVG, in a sandboxed frame served from its own path (artifact-route.ts).

export interface PartContext {
  chatUuid: string;
  markdown: MarkdownToHtml;
  manifest: readonly ManifestEntry[];
  replay: Replay; // the artifacts of the branch shown
  human: boolean; // the message is the person's: their text is plain text, as claude.ai shows it
}

// Types of artifact that are shown running in a sandboxed frame as well as as code.
export const FRAMED_TYPES: ReadonlySet<string> = new Set(["text/html", "image/svg+xml"]);

// The viewer HTML of one part.
export function partHtml(part: Part, context: PartContext): Html {
  switch (part.kind) {
    case "text":
      return context.human
        ? html`<div class="text"><p class="plain">${part.text}</p></div>`
        : html`<div class="text">${markdown(part.text, context)}${citations(part.citations)}</div>`;
    case "thinking":
      return html`<details class="fold thinking"><summary>Thinking${part.cutOff ? " (cut off)" : ""}</summary><div class="text">${markdown(part.text, context)}</div></details>`;
    case "tool-call":
      return html`<details class="fold tool"><summary><span class="tool-name">${part.name}</span> ${part.summary}</summary>${
        part.code ? codeBlock(part.code.text, part.code.language) : codeBlock(json(part.input), "json")
      }</details>`;
    case "tool-result":
      return html`<details class="fold tool-result${part.isError ? " error" : ""}"><summary>Result of <span class="tool-name">${part.name}</span>${part.isError ? " (error)" : ""}</summary>${
        part.links.length ? html`<ul class="links">${part.links.map((l) => linkItem(l))}</ul>` : ""
      }${part.texts.map((t) => html`<pre class="plain">${t}</pre>`)}</details>`;
    case "artifact":
      return artifactHtml(part.key, part.name, part.input, context);
    case "attachment":
      return html`<details class="fold attachment"><summary>Attachment: ${part.fileName}</summary><pre class="plain">${part.text}</pre></details>`;
    case "file":
      return fileHtml(part.fileName, part.fileKind, part.fileUuid, context);
    case "sync-source":
      return html`<p class="sync-source">Synced source: ${part.label}</p>`;
    case "unknown":
      return html`<details class="fold unknown"><summary>${part.type} block</summary><pre class="plain">${part.json}</pre></details>`;
  }
}

function markdown(text: string, context: PartContext): Html {
  return trusted(highlightBlocks(context.markdown(text)));
}

function citations(links: readonly Link[]): Html | string {
  if (links.length === 0) return "";
  return html`<details class="fold sources"><summary>Sources (${links.length})</summary><ul class="links">${links.map(linkItem)}</ul></details>`;
}

function linkItem(link: Link): Html {
  return /^https?:\/\//i.test(link.url)
    ? html`<li><a href="${link.url}" rel="noopener noreferrer" target="_blank">${link.title}</a></li>`
    : html`<li>${link.title} (${link.url})</li>`;
}

// A code block, coloured when its language is known.
export function codeBlock(code: string, language: string): Html {
  const coloured = highlightCode(code, language);
  return coloured === undefined
    ? html`<pre><code>${code}</code></pre>`
    : html`<pre><code class="hljs">${trusted(coloured)}</code></pre>`;
}

function artifactHtml(key: string, name: string, input: Record<string, unknown>, context: PartContext): Html {
  const event: ArtifactEvent | undefined = context.replay.events.get(key);
  const state = event ? context.replay.artifacts.get(event.target) : undefined;
  const content =
    state && event && event.version > 0 ? (state.versions[event.version - 1] ?? "") : str(input.content);
  const type = state?.type || str(input.type);
  const title = event?.title || str(input.title) || str(input.path) || name;
  const language = state?.language || str(input.language) || languageOf(type, str(input.path));
  const command = event?.command ?? str(input.command);
  const src = `/artifact/${context.chatUuid}/${encodeURIComponent(key)}`;
  const framed = FRAMED_TYPES.has(type) && content !== "";
  const body =
    type === "text/markdown"
      ? html`<div class="text">${markdown(content, context)}</div>`
      : codeBlock(content, language);
  return html`<section class="artifact" aria-label="Artifact ${title}">
<header><span class="artifact-title">${title}</span> <span class="artifact-meta">${[command, event?.version ? `v${event.version}` : "", type].filter(Boolean).join(" · ")}</span>${
    event && !event.ok ? html` <span class="badge error">${event.error ?? "not applied"}</span>` : ""
  }</header>
${framed ? html`<iframe class="artifact-frame" sandbox="allow-scripts" src="${src}" title="${title}" loading="lazy" referrerpolicy="no-referrer"></iframe>` : ""}
<details class="fold code"${framed ? "" : html` open`}><summary>${framed ? "Source" : "Content"}</summary>${body}</details>
</section>`;
}

function fileHtml(
  fileName: string,
  fileKind: string,
  fileUuid: string | undefined,
  context: PartContext,
): Html {
  const entry = bestEntry(context.manifest, fileUuid, fileKind);
  if (!entry?.sha256)
    return html`<p class="file missing">File: ${fileName} <span class="muted">(not in the backup)</span></p>`;
  const href = `/file/${context.chatUuid}/${entry.sha256}`;
  if (fileKind === "image" || entry.contentType?.startsWith("image/")) {
    return html`<figure class="image"><a href="${href}"><img src="${href}" alt="${fileName}" loading="lazy"></a><figcaption>${fileName}</figcaption></figure>`;
  }
  return html`<p class="file"><a href="${href}">${fileName}</a> <span class="muted">${entry.contentType ?? ""}</span></p>`;
}

// The stored copy to show for an uploaded file: the full picture before its thumbnail.
function bestEntry(
  manifest: readonly ManifestEntry[],
  fileUuid: string | undefined,
  kind: string,
): ManifestEntry | undefined {
  if (!fileUuid) return undefined;
  const order =
    kind === "image"
      ? ["original", "preview", "thumbnail"]
      : ["document", "original", "preview", "thumbnail"];
  const rank = (e: ManifestEntry) => (order.indexOf(e.variant) + order.length + 1) % (order.length + 1);
  return manifest
    .filter((e) => e.status === "ok" && e.sha256 && e.fileUuid?.toLowerCase() === fileUuid.toLowerCase())
    .sort((a, b) => rank(a) - rank(b))[0];
}

function languageOf(type: string, path: string): string {
  if (type === "text/html") return "html";
  if (type === "image/svg+xml") return "xml";
  if (type === "application/vnd.ant.react") return "javascript";
  return /\.([a-z0-9]+)$/i.exec(path)?.[1] ?? "";
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? "";
  } catch {
    return String(value);
  }
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}
