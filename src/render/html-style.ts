// The one style sheet of rendered pages, inlined in each so a page needs no network and no other file:
// system fonts, light and dark from the reader's setting, and a print layout that opens every folded
// block (thinking, tool calls) so a PDF holds the whole chat.
export const CHAT_CSS = `
:root { color-scheme: light dark; --fg: #1f1f1f; --bg: #fdfcfa; --muted: #6b6b6b; --line: #e2ded6;
  --user: #f1eee7; --code: #f4f2ee; --accent: #b3541e; --bad: #b00020; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e6e3; --bg: #1c1b19; --muted: #a09d98; --line: #3a3835; --user: #2a2826;
    --code: #262523; --accent: #e0895a; --bad: #ff8a80; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.chat { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
.chat > header h1 { font-size: 1.6rem; line-height: 1.3; margin: 0 0 .3rem; overflow-wrap: anywhere; }
.chat > header dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0 1.5rem;
  color: var(--muted); font-size: .9rem; }
.chat > header dd { margin: 0; overflow-wrap: anywhere; }
.source { margin: 0; font-size: .9rem; }
a { color: var(--accent); }
h2 { font-size: 1.2rem; border-top: 2px solid var(--line); padding-top: 1rem; margin-top: 2.5rem; }
.fork-note, .fork, time { color: var(--muted); font-size: .85rem; }
.message { margin: 1rem 0; padding: .75rem 1rem; border-radius: .6rem; overflow-wrap: anywhere; }
.message.user { background: var(--user); }
.message > header { margin-bottom: .3rem; }
.message > header time, .message > header .fork { margin-left: .5rem; }
.plain { white-space: pre-wrap; margin: .4rem 0; }
pre { background: var(--code); padding: .6rem .8rem; border-radius: .4rem; overflow-x: auto;
  font: .85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
details { border-left: 3px solid var(--line); padding: .2rem .8rem; margin: .5rem 0; }
summary { cursor: pointer; color: var(--muted); }
.thinking { font-style: italic; }
.tool.collapsed, .sync, .file.missing { color: var(--muted); font-size: .9rem; }
.failed, .error summary { color: var(--bad); }
.sources, .links { font-size: .9rem; }
img { max-width: 100%; height: auto; border-radius: .3rem; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--line); padding: .2rem .5rem; }
blockquote { border-left: 3px solid var(--line); margin-left: 0; padding-left: 1rem; color: var(--muted); }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #444; --user: #f3f3f3; --code: #f6f6f6; }
  body { font-size: 11pt; }
  .chat { max-width: none; padding: 0; }
  .message { break-inside: avoid-page; }
  details::details-content { content-visibility: visible; display: block; }
  summary { list-style: none; }
  a { color: inherit; }
  pre { white-space: pre-wrap; break-inside: auto; }
}
`;
