import assert from "node:assert/strict";
import { test } from "node:test";
import { FULL_VIEW, PRINT_VIEW } from "../../src/render/document.ts";
import { createMarkdownToHtml } from "../../src/render/markdown-html.ts";
import { renderChat } from "../../src/render/render-chat.ts";
import { yamlString } from "../../src/render/yaml.ts";
import { branchingChat, HOSTILE_TITLE, MESSAGE_IDS } from "./fixtures.ts";

const markdown = createMarkdownToHtml();
const md = (options: Partial<Parameters<typeof renderChat>[1]> = {}) =>
  renderChat(branchingChat(), {
    format: "md",
    view: FULL_VIEW,
    branches: "all",
    organization: 'Acme "R&D": <team>',
    markdown,
    artifactVersions: false,
    ...options,
  }).text;

test("every branch is kept: the active one first, the others after it, marked where they fork", () => {
  const text = md();
  const order = [
    "first question",
    "Please change it",
    "Updated the calculator",
    "## Branch 2 of 3",
    "Alternative question",
    "## Branch 3 of 3",
    "Regenerated answer",
  ];
  let at = -1;
  for (const needle of order) {
    const next = text.indexOf(needle);
    assert.ok(next > at, `${needle} comes after the previous part`);
    at = next;
  }
  assert.match(text, /### User · 2026-02-01 09:03:00 UTC · version 1 of 2/);
  assert.match(text, /### Claude · 2026-02-01 09:07:00 UTC · version 2 of 2/);
  // Each message once: the shared first question is not repeated in the other branches.
  assert.equal(text.split("first question").length, 2);
});

test("every part type is written, and a failed update is reported", () => {
  const text = md();
  for (const needle of [
    "**Attachment: notes.txt**",
    "crumb (1).jpg",
    "**Synced source:** github: example/demo (main)",
    "> **Thinking**",
    "**Tool call: web\\_search** — sourdough hydration",
    "- [Hydration explained](<https://example.com/hydration>)",
    "Evil (`javascript:alert(1)`, not linked)",
    "1. [A source](<https://example.com/source>)",
    "**Block of unknown type `mystery_block`**",
    "**This update did not apply:** old_str is not in the current version",
    "```bash\nls -la /tmp\n```",
    "**File: report.md** (create\\_file, version 1)",
  ]) {
    assert.ok(text.includes(needle), `missing ${needle}`);
  }
});

test("YAML front matter escapes quotes, colons and newlines in names", () => {
  const text = md();
  const front = text.slice(0, text.indexOf("\n---\n", 4));
  const field = (key: string) => {
    const line = front.split("\n").find((l) => l.startsWith(`${key}: `));
    return line && JSON.parse(line.slice(key.length + 2));
  };
  assert.equal(field("title"), HOSTILE_TITLE);
  assert.equal(field("organization"), 'Acme "R&D": <team>');
  assert.equal(field("url"), "https://claude.ai/chat/019c2b10-0000-7d1f-a2b4-0e9d8c7b6a51");
  assert.match(front, /\nstarred: true\nbranches: 3$/);
  assert.equal(front.split("\n").length, 10, "no value spills onto another line");
  assert.equal(yamlString("a\u0085b\u2028c\u0007"), '"a\\u0085b\\u2028c\\u0007"');
});

test("the heading keeps a hostile title on one line", () => {
  assert.match(md(), /\n# Say "hi": \\<script\\>alert\(1\)\\<\/script\\> \\# not a heading\n/);
});

test("one branch by number; the active branch alone by default", () => {
  const second = md({ branches: 2 });
  assert.match(second, /Alternative question/);
  assert.match(second, /first question/, "a chosen branch is printed whole, from the root");
  assert.doesNotMatch(second, /Please change it/);
  const active = md({ branches: "active", view: PRINT_VIEW });
  assert.doesNotMatch(active, /Alternative question|Regenerated/);
});

test("filters: the print view folds tool calls and hides thinking; --thinking alone shows only thinking", () => {
  const print = md({ branches: "active", view: PRINT_VIEW });
  assert.match(print, /_\*\*Tool call: web\\_search\*\* — sourdough hydration_/);
  assert.doesNotMatch(print, /Thinking|Result of|"query"/);
  const thinking = md({ view: { user: false, assistant: false, thinking: true, tools: "none" } });
  assert.match(thinking, /Let me think about hydration/);
  assert.doesNotMatch(thinking, /first question|Here is the answer|Tool call/);
  const user = md({ view: { user: true, assistant: false, thinking: false, tools: "none" } });
  assert.match(user, /first question/);
  assert.doesNotMatch(user, /Here is the answer/);
  const tools = md({ view: { user: false, assistant: false, thinking: false, tools: "full" } });
  assert.match(tools, /Result of bash\\_tool/);
  assert.doesNotMatch(tools, /Updated the calculator/);
});

test("artifact calls link the rebuilt file when an artifact folder is given", () => {
  const text = md({ artifactsHref: "artifacts/chat" });
  assert.match(text, /\(create, version 1\) → \[Hydration_calc\.py\]\(artifacts\/chat\/Hydration_calc\.py\)/);
  assert.match(
    text,
    /\(rewrite, version 2\) → \[Hydration_calc \(branch 2\)\.py\]\(artifacts\/chat\/Hydration_calc%20%28branch%202%29\.py\)/,
  );
  assert.ok(MESSAGE_IDS.m4);
});

test("stored files are linked through the manifest: the chat_files link, else the blob", () => {
  const text = md({
    files: {
      root: "/b",
      orgDir: "/b/organizations/org",
      chatSlug: "chat-x",
      fromDir: "/b/rendered/md/org",
      manifest: [
        {
          key: "file:a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10:thumbnail",
          fileUuid: "a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10",
          variant: "thumbnail",
          fileName: "t",
          status: "ok",
          sha256: "ff".repeat(32),
        },
        {
          key: "file:a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10:preview",
          fileUuid: "a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10",
          variant: "preview",
          fileName: "crumb (1).jpg",
          status: "ok",
          sha256: "ab".repeat(32),
          link: "crumb (1).jpg",
        },
        {
          key: "sandbox:/mnt/user-data/outputs/report.md",
          sandboxPath: "/mnt/user-data/outputs/report.md",
          variant: "sandbox",
          fileName: "report.md",
          status: "ok",
          sha256: "cd".repeat(32),
        },
      ],
    },
  });
  assert.match(
    text,
    /!\[crumb \(1\)\.jpg\]\(\.\.\/\.\.\/\.\.\/organizations\/org\/chat_files\/chat-x\/crumb%20%281%29\.jpg\)/,
  );
  // The sandbox file the backup downloaded is linked (its blob), not rebuilt.
  const blob = `../../../files/sha256/cd/${"cd".repeat(32)}`;
  assert.ok(text.includes(`(create\\_file, version 1) → [report.md](${blob})`));
});
