import assert from "node:assert/strict";
import { test } from "node:test";
import { ftsMatch, parseQuery } from "../../src/search/query.ts";

// The query parser: what a person types becomes quoted FTS5 strings, whatever it holds.

const match = (query: string) => ftsMatch(parseQuery(query));

test("words, phrases and prefixes become quoted FTS5 strings", () => {
  assert.equal(match("sourdough starter"), '"sourdough" "starter"');
  assert.equal(match('"water bath" flour'), '"water bath" "flour"');
  assert.equal(match("brûl*"), '"brûl"*');
  assert.equal(match('"home off"*'), '"home off"*');
});

test("FTS5 operators and punctuation are plain text", () => {
  assert.equal(match("a OR b"), '"a" "OR" "b"');
  assert.equal(match("NEAR(a b)"), '"NEAR(a" "b)"');
  assert.equal(match("text:secret"), '"text:secret"');
  assert.equal(match("-x ^y"), '"-x" "^y"');
  assert.equal(match('say "hi'), '"say" "hi"');
  assert.equal(match('it"s'), '"it" "s"');
});

test("tokens without a letter or digit are dropped; none left means no query", () => {
  for (const query of ["", "   ", '"', '""', "*", "-", ":", "( )", "'"]) {
    assert.deepEqual(parseQuery(query), [], query);
  }
  assert.equal(match("* sourdough -"), '"sourdough"');
});

test("a double quote inside a token is doubled, so it cannot end the string", () => {
  assert.equal(ftsMatch([{ words: ['a"b'], prefix: false }]), '"a""b"');
});
