import assert from "node:assert/strict";
import { test } from "node:test";
import { blockPart, messageParts } from "../../src/render/blocks.ts";
import { branchingChat } from "./fixtures.ts";

const messages = branchingChat().chat_messages as Record<string, unknown>[];

test("a human message shows its attachment, its files once each, its sync source and its text", () => {
  const [first] = messages;
  assert.ok(first);
  const parts = messageParts(first);
  assert.deepEqual(
    parts.map((p) => p.kind),
    ["attachment", "file", "file", "sync-source", "text"],
  );
  const [attachment] = parts;
  assert.equal(attachment?.kind === "attachment" && attachment.text, "flour 500g, water 375g");
});

test("an assistant message shows thinking, tool call and result, artifact, cited text and an unknown block", () => {
  const parts = messageParts(messages[1] ?? {});
  assert.deepEqual(
    parts.map((p) => p.kind),
    ["thinking", "tool-call", "tool-result", "artifact", "text", "unknown"],
  );
  const result = parts[2];
  assert.ok(result?.kind === "tool-result");
  assert.deepEqual(
    result.links.map((l) => l.url),
    ["https://example.com/hydration", "javascript:alert(1)"],
  );
  const text = parts[4];
  assert.ok(text?.kind === "text");
  assert.deepEqual(text.citations, [{ url: "https://example.com/source", title: "A source" }]);
  const unknown = parts[5];
  assert.ok(unknown?.kind === "unknown");
  assert.equal(unknown.type, "mystery_block");
  assert.match(unknown.json, /"answer":42/);
});

test("code execution is shown as code; odd blocks never throw", () => {
  const bash = blockPart({ type: "tool_use", id: "t", name: "bash_tool", input: { command: "ls" } }, "k");
  assert.ok(bash.kind === "tool-call");
  assert.deepEqual(bash.code, { language: "bash", text: "ls" });
  const repl = blockPart({ type: "tool_use", name: "repl", input: { code: "1+1" } }, "k");
  assert.ok(repl.kind === "tool-call" && repl.key === "k" && repl.code?.language === "javascript");
  for (const odd of [null, 3, "x", [], { type: "text" }, { type: "thinking", thinking: 5 }]) {
    assert.equal(blockPart(odd, "k").kind, "unknown");
  }
  const long = blockPart({ type: "token_budget", blob: "x".repeat(5000) }, "k");
  assert.ok(long.kind === "unknown" && long.json.length < 500);
});

test("a message with no content blocks falls back to its text field", () => {
  const parts = messageParts({ uuid: "u", sender: "human", text: "old style" });
  assert.deepEqual(parts, [{ kind: "text", text: "old style", citations: [] }]);
});
