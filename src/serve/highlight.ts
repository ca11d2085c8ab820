import hljs from "highlight.js/lib/common";

// Colour for code blocks, done on the server: highlight.js (its 36 common languages) turns code into
// `<span class="hljs-…">` runs, and the viewer's own stylesheet colours them, so no script is
// needed in the page and nothing comes from another host. Only blocks whose fence names a language
// are coloured: guessing the language is slow on long chats and often wrong.

// Code as highlighted HTML (already escaped), or undefined when the language is not known.
export function highlightCode(code: string, language: string): string | undefined {
  const name = language.trim().toLowerCase();
  if (!name || !hljs.getLanguage(name)) return undefined;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}

// Colours the fenced code blocks of rendered Markdown (`<pre><code class="language-x">…</code></pre>`).
// The code is taken back from markdown-it's escaped text and escaped again by highlight.js.
export function highlightBlocks(fragment: string): string {
  return fragment.replace(
    /<pre><code class="language-([\w+#.-]+)">([\s\S]*?)<\/code><\/pre>/g,
    (whole, language: string, escaped: string) => {
      const coloured = highlightCode(unescapeHtml(escaped), language);
      return coloured === undefined
        ? whole
        : `<pre><code class="hljs language-${language}">${coloured}</code></pre>`;
    },
  );
}

function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|quot|amp|#39);/g, (_, name: string) => UNESCAPES[name] ?? "");
}

const UNESCAPES: Record<string, string> = { lt: "<", gt: ">", quot: '"', amp: "&", "#39": "'" };
