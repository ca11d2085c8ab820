import MarkdownIt from "markdown-it";
import { isSafeUrl } from "./text.ts";

// Claude's Markdown as HTML: raw HTML in a chat is shown as text (`html: false`), bare URLs become
// links, and only http(s), mailto and relative links survive (no javascript:, data: or file: URLs).

// Turns Markdown into an HTML fragment; one instance per render run (dependencies passed in, no
// module-wide singleton).
export type MarkdownToHtml = (markdown: string) => string;

export function createMarkdownToHtml(): MarkdownToHtml {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.validateLink = (url: string) => isSafeUrl(url);
  // Links open as a person would expect in a saved page; rel keeps the page from being a referrer.
  const defaultLinkOpen =
    md.renderer.rules.link_open ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]?.attrSet("rel", "noopener noreferrer");
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  // A picture from the web would be fetched when the page opens (and tell the site who reads it):
  // it is shown as a link instead. Relative pictures (stored copies) are shown.
  md.renderer.rules.image = (tokens, idx, _options, _env, self) => {
    const token = tokens[idx];
    const src = String(token?.attrGet("src") ?? "");
    const alt = self.renderInlineAsText(token?.children ?? [], _options, _env);
    const text = md.utils.escapeHtml(alt || src);
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("//")) {
      return `<a href="${md.utils.escapeHtml(src)}" rel="noopener noreferrer">${text}</a>`;
    }
    return `<img src="${md.utils.escapeHtml(src)}" alt="${text}" loading="lazy">`;
  };
  return (markdown) => md.render(markdown);
}
