import type { MarkdownToHtml } from "../render/markdown-html.ts";
import { highlightBlocks } from "./highlight.ts";

// V8 compiles markdown-it and highlight.js on first use; doing it at start-up, before the URL is
// printed, keeps that cost (a few hundred ms on a busy machine) off the first chat a person opens.

const SAMPLE =
  "Some **bold** text, `code`, a [link](https://example.com) and a list:\n\n- one\n- two\n\n" +
  "```python\ndef f(x):\n    return x * 2  # comment\n```\n\n```js\nconst a = { b: [1, 'two'] };\n```\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";

// Renders a sample enough times for the optimising compiler to pick the hot paths up.
export function warmUpRenderer(markdown: MarkdownToHtml, rounds = 200): void {
  for (let i = 0; i < rounds; i++) highlightBlocks(markdown(SAMPLE));
}
