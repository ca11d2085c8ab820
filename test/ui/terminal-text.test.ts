import assert from "node:assert/strict";
import { test } from "node:test";
import { fitWidth, printable, printableLines } from "../../src/ui/terminal-text.ts";

test("control characters never reach the terminal", () => {
  assert.equal(printable("a\u001b[2Jb\nc\u0007"), "a [2Jb c ");
});

test("closing messages keep their line breaks but lose every other control character", () => {
  assert.equal(printableLines("first \u001b[31mline\nsecond\u0007"), "first  [31mline\nsecond ");
});

test("names are cut to the width, counting wide characters twice", () => {
  assert.equal(fitWidth("hello", 10), "hello");
  assert.equal(fitWidth("hello world", 6), "hello…");
  assert.equal(fitWidth("日本語のチャット", 7), "日本語…");
  assert.equal(fitWidth("abc", 3), "abc");
});
