import assert from "node:assert/strict";
import { test } from "node:test";
import { buildDocument, FULL_VIEW } from "../../src/render/document.ts";
import { renderChatHtmlBody, renderMessageHtml } from "../../src/render/html.ts";
import { createMarkdownToHtml } from "../../src/render/markdown-html.ts";
import { renderChat } from "../../src/render/render-chat.ts";
import { NO_LINKS } from "../../src/render/render-links.ts";
import { branchingChat } from "./fixtures.ts";

const markdown = createMarkdownToHtml();
const page = renderChat(branchingChat(), {
  format: "html",
  view: FULL_VIEW,
  branches: "all",
  organization: "<b>Org</b>",
  markdown,
  artifactVersions: false,
  artifactsHref: "artifacts/chat",
}).text;

test("a page is self-contained: inline style, no script, nothing fetched from the network", () => {
  assert.match(page, /^<!doctype html>/);
  assert.match(page, /<style>[\s\S]*prefers-color-scheme: dark[\s\S]*@media print[\s\S]*<\/style>/);
  assert.doesNotMatch(page, /<script|<link |@import|url\(|src="https?:/i);
});

test("chat text, names and titles are escaped: <script> shows as text", () => {
  assert.ok(
    page.includes("<title>Say &quot;hi&quot;: &lt;script&gt;alert(1)&lt;/script&gt; # not a heading</title>"),
  );
  assert.ok(page.includes("Hello &lt;script&gt;alert(&#39;user&#39;)&lt;/script&gt; first question"));
  assert.ok(
    page.includes("&lt;script&gt;alert(&#39;claude&#39;)&lt;/script&gt;") ||
      page.includes("&lt;script&gt;alert('claude')&lt;/script&gt;"),
  );
  assert.ok(page.includes("&lt;b&gt;Org&lt;/b&gt;"));
  assert.equal(page.match(/<script/gi), null);
});

test("javascript: links are never links", () => {
  assert.doesNotMatch(page, /href="\s*javascript:/i);
  assert.match(page, /<li>Evil <code>javascript:alert\(1\)<\/code><\/li>/);
  assert.match(
    page,
    /\[a bad link\]\(javascript:alert\(2\)\)/,
    "markdown-it leaves an unsafe link as its text",
  );
  const html = markdown(
    "[x](JaVaScRiPt:alert(1)) [y](data:text/html,hi) <a href='javascript:1'>z</a> ![i](https://t.example/p.png)",
  );
  assert.doesNotMatch(html, /href="(javascript|data)/i);
  assert.doesNotMatch(html, /<a href='javascript/);
  assert.doesNotMatch(html, /<img/, "a picture from the web is a link, not fetched");
});

test("branches: the active one first, then the others, each message with its fork position", () => {
  const active = page.indexOf('id="branch-1"');
  const second = page.indexOf('id="branch-2"');
  const third = page.indexOf('id="branch-3"');
  assert.ok(active >= 0 && active < second && second < third);
  assert.match(
    page,
    /<h2>Branch 2 of 3 \(not active\)<\/h2><p class="fork-note">Forks after <a href="#m-019c2b10-0002/,
  );
  assert.match(page, /<span class="fork">version 2 of 2<\/span>/);
});

test("every part type has its element", () => {
  for (const needle of [
    'class="attachment"',
    'class="file missing"',
    'class="sync"',
    'class="thinking"',
    'class="tool"',
    'class="tool result"',
    'class="artifact"',
    'class="failed">This update did not apply: old_str is not in the current version',
    'class="unknown"',
    '<ol class="sources"><li><a href="https://example.com/source"',
    '<pre><code class="language-bash">ls -la /tmp</code></pre>',
    '<a href="artifacts/chat/Hydration_calc.py">Hydration_calc.py</a>',
  ]) {
    assert.ok(page.includes(needle), `missing ${needle}`);
  }
});

test("fragments for the viewer: the body and single messages render without a page", () => {
  const doc = buildDocument(branchingChat(), { branches: "active", view: FULL_VIEW });
  const body = renderChatHtmlBody(doc, { links: NO_LINKS, markdown });
  assert.match(body, /^<article class="chat">/);
  assert.doesNotMatch(body, /<html|<style/);
  const [first] = doc.sections[0]?.messages ?? [];
  assert.ok(first);
  assert.match(
    renderMessageHtml(first, doc, { links: NO_LINKS, markdown }),
    /^<article class="message user"/,
  );
});
