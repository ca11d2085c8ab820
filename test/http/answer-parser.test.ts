import assert from "node:assert/strict";
import { test } from "node:test";
import { type AnswerHead, AnswerParser } from "../../src/http/answer-parser.ts";
import { TransientError } from "../../src/http/transient-error.ts";

// Feeds `wire` to a parser in the given cuts (every split point a TCP read might make) and returns
// what it reported.
function parse(wire: string, cut = wire.length, close = false) {
  const heads: AnswerHead[] = [];
  const chunks: Buffer[] = [];
  const ends: boolean[] = [];
  const parser = new AnswerParser({
    head: (head) => heads.push(head),
    body: (chunk) => chunks.push(Buffer.from(chunk)),
    end: (reusable) => ends.push(reusable),
  });
  const bytes = Buffer.from(wire, "latin1");
  for (let at = 0; at < bytes.length; at += cut) parser.push(bytes.subarray(at, at + cut));
  if (close) parser.close();
  return { heads, body: Buffer.concat(chunks).toString("latin1"), ends };
}

const everyCut = (wire: string) => Array.from({ length: wire.length }, (_, i) => i + 1);
const isMalformed = (error: unknown) => error instanceof TransientError && error.kind === "malformed";

test("a Content-Length answer, in one read or cut anywhere, is read whole and leaves the connection reusable", () => {
  const wire = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":"bcd"}';
  for (const cut of everyCut(wire)) {
    const { heads, body, ends } = parse(wire, cut);
    assert.deepEqual(heads, [
      { status: 200, headers: { "content-type": "application/json", "content-length": "11" } },
    ]);
    assert.equal(body, '{"a":"bcd"}');
    assert.deepEqual(ends, [true], `cut every ${cut} bytes`);
  }
});

test("a chunked answer, with extensions and trailers, cut anywhere", () => {
  const wire =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\nA\r\n, world!!!\r\n0\r\nx-trailer: 1\r\n\r\n";
  for (const cut of everyCut(wire)) {
    const { body, ends } = parse(wire, cut);
    assert.equal(body, "hello, world!!!");
    assert.deepEqual(ends, [true], `cut every ${cut} bytes`);
  }
});

test("interim 1xx answers (103 Early Hints) are skipped; headers are lower-cased, trimmed and repeats joined", () => {
  const wire =
    "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nRetry-After:  7 \r\nVary: a\r\nVARY: b\r\nContent-Length: 0\r\n\r\n";
  const { heads, ends } = parse(wire, 7);
  assert.deepEqual(heads, [
    { status: 429, headers: { "retry-after": "7", vary: "a, b", "content-length": "0" } },
  ]);
  assert.deepEqual(ends, [true]);
});

test("204, 304 and Content-Length: 0 have no body; connection: close and HTTP/1.0 are not reused", () => {
  assert.deepEqual(parse("HTTP/1.1 204 No Content\r\n\r\n").ends, [true]);
  assert.deepEqual(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n").ends, [true]);
  assert.deepEqual(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").ends, [false]);
  assert.deepEqual(parse("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok").ends, [false]);
});

test("an answer without a length runs until the server closes, and is not reused", () => {
  const { body, ends } = parse("HTTP/1.1 200 OK\r\n\r\nall of it", 3, true);
  assert.equal(body, "all of it");
  assert.deepEqual(ends, [false]);
  // A transfer coding other than chunked last is also read to the close.
  assert.equal(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw", 100, true).body, "raw");
});

test("bytes after the answer make the connection not reusable", () => {
  assert.deepEqual(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA").ends, [false]);
  assert.deepEqual(parse("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n\r\n").ends, [false]);
});

test("a close before the answer is complete is a reset, retried like one", () => {
  for (const wire of [
    "",
    "HTTP/1.1 200 OK\r\nContent-Len",
    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
  ]) {
    assert.throws(
      () => parse(wire, 4, true),
      (error: unknown) => (error as { code?: unknown }).code === "ECONNRESET",
      JSON.stringify(wire),
    );
  }
});

test("malformed answers are refused as malformed, never guessed at", () => {
  for (const wire of [
    "HTTP/2 200\r\n\r\n",
    "ICY 200 OK\r\n\r\n",
    "HTTP/1.1 20 OK\r\n\r\n",
    "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
    "HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n",
    "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello",
    "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY",
    "HTTP/1.1 101 Switching Protocols\r\n\r\n",
  ]) {
    assert.throws(() => parse(wire, 5), isMalformed, JSON.stringify(wire));
  }
  // Identical repeated lengths are one length.
  assert.equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok").body, "ok");
});

test("a header block larger than 64 kB is refused before it is all in memory", () => {
  const parser = new AnswerParser({ head() {}, body() {}, end() {} });
  parser.push(Buffer.from("HTTP/1.1 200 OK\r\n"));
  const line = Buffer.from(`x-big: ${"a".repeat(1000)}\r\n`);
  assert.throws(() => {
    for (let i = 0; i < 100; i++) parser.push(line);
  }, isMalformed);
});
