import type { ChatDocument } from "./document.ts";

// Small text helpers shared by the Markdown and HTML writers. Pure.

// A fenced code block that no backtick run inside `text` can close early.
export function fence(text: string, language = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const info = /^[\w+#.-]{1,30}$/.test(language) ? language : "";
  return `${ticks}${info}\n${text}${text.endsWith("\n") ? "" : "\n"}${ticks}`;
}

// An ISO time as `2026-02-01 09:15:03 UTC`, readable and still greppable; other text as given.
export function formatTime(iso: string | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

// Text made safe inside HTML elements and attribute values.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}
const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// Link targets a rendering may point at: web pages, mail, and relative paths (stored files,
// artifacts). Anything else (javascript:, data:, vbscript:, file:) is shown as text, never linked.
export function isSafeUrl(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters hide a scheme
  const cleaned = url.trim().replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme === undefined) return !cleaned.startsWith("//") && !cleaned.startsWith("\\");
  return scheme === "http" || scheme === "https" || scheme === "mailto";
}

// Text on one line for headings and titles: line breaks and control characters become spaces.
export function singleLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
}

// The last segment of a link, decoded: the file name a reader sees.
export function decodeName(href: string): string {
  const last = href.split("/").pop() ?? href;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

// The language of an artifact call's code: its own, else the artifact's (an update names none).
export function artifactLanguage(doc: ChatDocument, key: string, input: Record<string, unknown>): string {
  if (typeof input.language === "string" && input.language) return input.language;
  const event = doc.events.get(key);
  if (!event) return "";
  return doc.replays[doc.eventBranch.get(key) ?? 0]?.artifacts.get(event.target)?.language ?? "";
}
