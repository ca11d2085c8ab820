// The viewer's one stylesheet: light and dark from the system setting, readable on a phone, the
// system's own fonts (nothing is loaded from another host), and the colours of highlighted code.
export const STYLE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #faf9f5; --fg: #1f1e1d; --muted: #6b6a66; --line: #e3e1d9; --card: #ffffff;
  --human: #f0eee6; --accent: #c96442; --link: #2a5db0; --mark: #fde68a; --code: #f5f4ef;
  --hit: #fff4d6;
  --k: #a626a4; --s: #50a14f; --c: #8a8a85; --n: #986801; --t: #c18401; --f: #4078f2; --a: #e45649;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #262624; --fg: #ecebe6; --muted: #a6a49d; --line: #3d3c38; --card: #30302e;
    --human: #1f1e1d; --accent: #d97757; --link: #8ab4f8; --mark: #7a5c00; --code: #1d1d1b;
    --hit: #4a3b12;
    --k: #c678dd; --s: #98c379; --c: #7f848e; --n: #d19a66; --t: #e5c07b; --f: #61afef; --a: #e06c75;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.55; font-size: 16px; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 2px;
}
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--card); padding: 4px 8px; z-index: 2; }
.top { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 16px;
  border-bottom: 1px solid var(--line); background: var(--card); position: sticky; top: 0; z-index: 1; }
.brand { font-weight: 700; color: var(--accent); text-decoration: none; }
.top-nav { display: flex; gap: 12px; }
.top-nav a { color: var(--fg); text-decoration: none; }
.search { flex: 1 1 200px; display: flex; }
.search input { width: 100%; }
input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 4px 8px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
main { max-width: 860px; margin: 0 auto; padding: 12px 16px 48px; }
h1 { font-size: 1.5rem; margin: 12px 0; overflow-wrap: anywhere; }
.muted, .meta, .count, time { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin-bottom: 8px; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: 2px; }
.filters label.check { flex-direction: row; align-items: center; gap: 4px; color: var(--fg); }
.filters .grow { flex: 1 1 180px; }
.chat-list, .hits { list-style: none; padding: 0; margin: 0; }
.chat-row, .hit { border-bottom: 1px solid var(--line); }
.chat-link, .hit-link { display: flex; flex-direction: column; gap: 2px; padding: 10px 4px; color: inherit;
  text-decoration: none; }
.chat-link:hover, .hit-link:hover, .chat-link:focus, .hit-link:focus { background: var(--card); }
.title { font-weight: 600; overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; font-size: .85rem; }
.snippet { font-size: .9rem; }
mark { background: var(--mark); color: inherit; border-radius: 2px; }
.star { color: var(--accent); }
.badge { display: inline-block; font-size: .8rem; padding: 0 6px; border-radius: 10px; border: 1px solid var(--line);
  color: var(--fg); text-decoration: none; }
.badge.error, .error { color: var(--a); }
.pager { display: flex; justify-content: space-between; padding: 12px 0; }
.chat-head { border-bottom: 1px solid var(--line); margin-bottom: 12px; }
.chat-meta { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: .9rem; color: var(--muted); }
.msg { margin: 14px 0; padding: 10px 14px; border-radius: 12px; scroll-margin-top: 72px; }
.msg.human { background: var(--human); }
.msg.assistant { background: transparent; padding-left: 4px; padding-right: 4px; }
.msg.hit, .msg:target { box-shadow: 0 0 0 2px var(--accent); background: var(--hit); }
.msg-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: .85rem; }
.who { font-weight: 700; }
.fork { display: inline-flex; gap: 2px; align-items: center; border: 1px solid var(--line); border-radius: 8px; }
.fork-step { padding: 0 8px; text-decoration: none; font-size: 1rem; color: var(--fg); }
span.fork-step { color: var(--line); }
.fork-pos { font-variant-numeric: tabular-nums; }
.msg-head time { margin-left: auto; }
.text { overflow-wrap: anywhere; }
.text > :first-child { margin-top: 4px; }
.text > :last-child { margin-bottom: 4px; }
.text table { border-collapse: collapse; display: block; overflow-x: auto; }
.text th, .text td { border: 1px solid var(--line); padding: 4px 8px; }
.text blockquote { margin: 8px 0; padding-left: 12px; border-left: 3px solid var(--line); color: var(--muted); }
pre { background: var(--code); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; overflow-x: auto;
  font-size: .85rem; line-height: 1.45; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; }
:not(pre) > code { background: var(--code); padding: 1px 4px; border-radius: 4px; }
p.plain { white-space: pre-wrap; }
pre.plain { white-space: pre-wrap; overflow-wrap: anywhere; }
.fold { margin: 6px 0; border: 1px solid var(--line); border-radius: 8px; padding: 4px 10px; background: var(--card); }
.fold > summary { cursor: pointer; color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
.fold[open] > summary { margin-bottom: 6px; }
.tool-name { font-family: ui-monospace, monospace; color: var(--fg); }
.artifact { border: 1px solid var(--line); border-radius: 10px; margin: 10px 0; padding: 8px 10px; background: var(--card); }
.artifact-title { font-weight: 600; }
.artifact-meta { color: var(--muted); font-size: .85rem; }
.artifact-frame { width: 100%; height: 360px; border: 1px solid var(--line); border-radius: 6px; background: #fff; margin-top: 6px; }
figure.image { margin: 8px 0; }
figure.image img { max-width: 100%; max-height: 480px; border-radius: 8px; border: 1px solid var(--line); }
figcaption { font-size: .8rem; color: var(--muted); }
section.org, article.project { margin-bottom: 24px; }
.projects li { margin: 4px 0; }
.hljs-keyword, .hljs-selector-tag, .hljs-built_in, .hljs-meta .hljs-keyword { color: var(--k); }
.hljs-string, .hljs-regexp, .hljs-addition, .hljs-attribute { color: var(--s); }
.hljs-comment, .hljs-quote { color: var(--c); font-style: italic; }
.hljs-number, .hljs-literal, .hljs-symbol, .hljs-bullet { color: var(--n); }
.hljs-type, .hljs-class .hljs-title, .hljs-title.class_ { color: var(--t); }
.hljs-title, .hljs-title.function_, .hljs-section { color: var(--f); }
.hljs-tag, .hljs-name, .hljs-variable, .hljs-template-variable, .hljs-deletion, .hljs-attr { color: var(--a); }
.hljs-meta { color: var(--muted); }
@media (max-width: 600px) {
  main { padding: 8px 10px 40px; }
  h1 { font-size: 1.3rem; margin: 8px 0; }
  .filters { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 8px; align-items: end; }
  .filters .grow { grid-column: 1 / -1; }
  .filters label { font-size: .8rem; }
  .filters select, .filters input:not([type=checkbox]) { width: 100%; }
  .top { padding: 6px 10px; }
  .msg { padding: 8px 10px; }
  .artifact-frame { height: 260px; }
}
`;
