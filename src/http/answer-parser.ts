import { TransientError } from "./transient-error.ts";

// Reads HTTP/1.1 answers off a kept-alive connection, bytes in, events out (connection.ts feeds it).
// Only what a GET client meets: a status line, headers, then a body framed by Content-Length, by
// chunked transfer coding, or by the connection's close; interim 1xx answers (Cloudflare's 103 Early
// Hints) are skipped. Anything else is a malformed answer: the connection is dropped and the attempt
// retried, never guessed at. Why not node:http's parser: see connection.ts.

export interface AnswerHead {
  status: number;
  // Lower-case names; a repeated header's values joined with ", " (set-cookie's too: nothing here
  // reads cookies from answers).
  headers: Record<string, string>;
}

export interface AnswerEvents {
  head(head: AnswerHead): void;
  body(chunk: Buffer): void;
  // `reusable`: the connection may carry the next request (HTTP/1.1 without `connection: close`,
  // a body framed by its length or chunks, nothing after the answer).
  end(reusable: boolean): void;
}

// A header block larger than this is refused (node:http allows 16 kB; Cloudflare's answers with a
// long content-security-policy come to a few kB).
const MAX_HEAD_BYTES = 64 * 1024;
// A chunk-size line or a trailer line longer than this is refused.
const MAX_LINE_BYTES = 4096;

// Where the parser is in an answer.
const S = {
  head: 0,
  length: 1,
  chunkSize: 2,
  chunkData: 3,
  chunkEnd: 4,
  trailers: 5,
  untilClose: 6,
  done: 7,
} as const;
type State = (typeof S)[keyof typeof S];

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const DIGITS = /^\d{1,15}$/;
const HEX = /^[0-9a-fA-F]{1,12}$/;

export class AnswerParser {
  private state: State = S.head;
  private leftover: Buffer | undefined;
  private remaining = 0; // bytes left of the body (length) or of the current chunk
  private keepAlive = false;
  private readonly events: AnswerEvents;

  constructor(events: AnswerEvents) {
    this.events = events;
  }

  // Takes the next bytes read from the connection. Throws a TransientError("malformed") for a broken
  // answer; reports the answer's parts through the events.
  push(data: Buffer): void {
    if (this.state === S.done) throw malformed("bytes after the end of the answer");
    let buf = data;
    if (this.leftover) {
      buf = Buffer.concat([this.leftover, data]);
      this.leftover = undefined;
    }
    let at = 0;
    while (at < buf.length) {
      switch (this.state) {
        case S.head: {
          const end = this.endOf("\r\n\r\n", buf, at, MAX_HEAD_BYTES, "the answer's headers are too large");
          if (end < 0) return;
          if (end - at > MAX_HEAD_BYTES) throw malformed("the answer's headers are too large");
          const text = buf.toString("latin1", at, end);
          at = end + 4;
          this.readHead(text);
          break;
        }
        case S.length:
        case S.chunkData: {
          const take = Math.min(this.remaining, buf.length - at);
          this.events.body(take === buf.length ? buf : buf.subarray(at, at + take));
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) {
            this.state = this.state === S.length ? S.done : S.chunkEnd;
          }
          break;
        }
        case S.chunkSize: {
          const end = this.endOf("\r\n", buf, at, MAX_LINE_BYTES, "a chunk size line is too long");
          if (end < 0) return;
          const line = buf.toString("latin1", at, end);
          at = end + 2;
          const semicolon = line.indexOf(";"); // chunk extensions are ignored
          const hex = (semicolon < 0 ? line : line.slice(0, semicolon)).trim();
          if (!HEX.test(hex))
            throw malformed(`a chunk size is not a number (${JSON.stringify(line.slice(0, 40))})`);
          this.remaining = Number.parseInt(hex, 16);
          this.state = this.remaining === 0 ? S.trailers : S.chunkData;
          break;
        }
        case S.chunkEnd: {
          if (buf.length - at < 2) {
            this.keep(buf, at, 2, "");
            return;
          }
          if (buf[at] !== 13 || buf[at + 1] !== 10)
            throw malformed("a chunk does not end where its size says");
          at += 2;
          this.state = S.chunkSize;
          break;
        }
        case S.trailers: {
          const end = this.endOf("\r\n", buf, at, MAX_LINE_BYTES, "a trailer line is too long");
          if (end < 0) return;
          const empty = end === at;
          at = end + 2;
          if (empty) this.state = S.done;
          break;
        }
        case S.untilClose:
          this.events.body(at === 0 ? buf : buf.subarray(at));
          return;
        case S.done:
          // More bytes than the answer: nothing asked for them, so the connection is not trusted again.
          this.events.end(false);
          return;
      }
    }
    if (this.state === S.done) this.events.end(this.keepAlive);
  }

  // The connection closed (the server's FIN). Ends an answer framed by the close; any other answer
  // not yet complete was cut short.
  close(): void {
    if (this.state === S.untilClose) {
      this.state = S.done;
      this.events.end(false);
    } else if (this.state !== S.done) {
      throw Object.assign(new Error("the connection closed before the answer was complete"), {
        code: "ECONNRESET",
      });
    }
  }

  // Where `delimiter` starts after `at`, or -1 once the bytes from `at` are kept for the next read
  // (refused if they are already more than `limit`).
  private endOf(delimiter: string, buf: Buffer, at: number, limit: number, tooLong: string): number {
    const end = buf.indexOf(delimiter, at, "latin1");
    if (end < 0) this.keep(buf, at, limit, tooLong);
    return end;
  }

  private keep(buf: Buffer, at: number, limit: number, tooLong: string): void {
    if (buf.length - at > limit) throw malformed(tooLong);
    this.leftover = at === 0 ? buf : Buffer.from(buf.subarray(at));
  }

  private readHead(text: string): void {
    const lines = text.split("\r\n");
    const status = STATUS_LINE.exec(lines[0] ?? "");
    if (!status) throw malformed(`not an HTTP/1.1 answer (${JSON.stringify((lines[0] ?? "").slice(0, 40))})`);
    const code = Number(status[2]);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      // A line folded onto the one before (obs-fold) or without a name is refused, as RFC 9112 allows.
      if (colon <= 0) throw malformed(`a header line is malformed (${JSON.stringify(line.slice(0, 40))})`);
      const name = line.slice(0, colon).toLowerCase();
      if (!TOKEN.test(name))
        throw malformed(`a header name is malformed (${JSON.stringify(name.slice(0, 40))})`);
      const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
      const before = headers[name];
      headers[name] = before === undefined ? value : `${before}, ${value}`;
    }
    if (code < 200) {
      // 101 would switch protocols, which a GET never asks for; other 1xx come before the answer.
      if (code === 101) throw malformed("the server switched protocols (HTTP 101)");
      return;
    }
    this.keepAlive = status[1] === "1" && !/(?:^|,)\s*close\s*(?:,|$)/i.test(headers.connection ?? "");
    this.events.head({ status: code, headers });
    this.frameBody(code, headers);
  }

  private frameBody(status: number, headers: Record<string, string>): void {
    if (status === 204 || status === 304) {
      this.state = S.done;
      return;
    }
    const coding = headers["transfer-encoding"];
    if (coding !== undefined) {
      // Chunked must be the last coding; anything else runs until the server closes.
      if (/(?:^|,)\s*chunked\s*$/i.test(coding)) this.state = S.chunkSize;
      else this.untilClose();
      return;
    }
    const length = headers["content-length"];
    if (length === undefined) {
      this.untilClose();
      return;
    }
    // Repeated identical lengths ("12, 12") are one length; different ones are an attack or a bug.
    const lengths = new Set(length.split(",").map((part) => part.trim()));
    const [only] = lengths;
    if (lengths.size !== 1 || only === undefined || !DIGITS.test(only))
      throw malformed(`the content-length is not one number (${JSON.stringify(length.slice(0, 40))})`);
    this.remaining = Number(only);
    this.state = this.remaining === 0 ? S.done : S.length;
  }

  private untilClose(): void {
    this.keepAlive = false;
    this.state = S.untilClose;
  }
}

function malformed(message: string): TransientError {
  return new TransientError("malformed", `malformed HTTP answer: ${message}`);
}
