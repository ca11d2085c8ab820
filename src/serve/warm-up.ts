import { buildChatTree, ROOT_PARENT } from "../core/chat-tree.ts";
import type { MarkdownToHtml } from "../render/markdown-html.ts";
import { highlightBlocks } from "./highlight.ts";
import { chatPage } from "./pages/chat-page.ts";

// V8 compiles markdown-it and highlight.js on first use, and the page code around them too; doing it
// at start-up, before the URL is printed, keeps that cost (a few hundred ms on a busy machine) off the
// first chat a person opens. A made-up chat is rendered through the same code as a real one (chat
// page, message parts, folds, code blocks), so the first real view runs optimised code throughout.

const SAMPLE =
  "Some **bold** text, `code`, a [link](https://example.com) and a list:\n\n- one\n- two\n\n" +
  "```python\ndef f(x):\n    return x * 2  # comment\n```\n\n```js\nconst a = { b: [1, 'two'] };\n```\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";

// Messages of the made-up chat, and how many times its page is rendered.
const MESSAGES = 60;
const PAGE_ROUNDS = 6;

// Renders a sample enough times for the optimising compiler to pick the hot paths up.
export function warmUpRenderer(markdown: MarkdownToHtml, rounds = 200): void {
  for (let i = 0; i < rounds; i++) highlightBlocks(markdown(SAMPLE));
  const open = sampleChat();
  for (let i = 0; i < PAGE_ROUNDS; i++) {
    chatPage({ open, markdown, orgName: "Warm-up", project: undefined, at: null, rendered: new Map() });
  }
}

function sampleChat() {
  const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  const messages: Record<string, unknown>[] = [];
  let parent = ROOT_PARENT;
  for (let n = 1; n <= MESSAGES; n++) {
    const human = n % 2 === 1;
    const at = new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString();
    const content: unknown[] = human
      ? [{ type: "text", text: `Question ${n}: how does <this> & that work?` }]
      : [
          { type: "thinking", thinking: "Let me think about **this** first." },
          { type: "tool_use", name: "web_search", input: { query: `query ${n}` } },
          {
            type: "tool_result",
            name: "web_search",
            content: [{ type: "knowledge", title: "A page", url: "https://example.com/page" }],
          },
          { type: "text", text: `${SAMPLE}\nSee https://example.org/${n} too.`, citations: [] },
        ];
    messages.push({
      uuid: uuid(n),
      parent_message_uuid: parent,
      sender: human ? "human" : "assistant",
      index: n,
      created_at: at,
      updated_at: at,
      text: "",
      content,
      attachments: n === 1 ? [{ file_name: "notes.txt", extracted_content: "Some notes." }] : [],
      files: [],
      files_v2: [],
    });
    parent = uuid(n);
  }
  const chat = { uuid: uuid(0), name: "Warm-up", current_leaf_message_uuid: parent, chat_messages: messages };
  const tree = buildChatTree(chat);
  const meta = {
    uuid: uuid(0),
    org: { uuid: uuid(0), dirName: "warm-up", dir: "" },
    name: "Warm-up",
    createdAt: "",
    updatedAt: "",
    model: "",
    starred: false,
    projectUuid: "",
    path: "",
  };
  return { meta, chat, tree, path: tree.activePath, manifest: [], stamp: "" };
}
