// Puts a Reply or a byte payload on the wire: whole, cut short mid-body, or not at all.

import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { Payload } from "./payload.ts";
import type { Reply } from "./replies.ts";

// A reply as it goes on the wire: gzip-compressed when the client asked for it, as claude.ai (behind
// Cloudflare) compresses for browsers, which always send Accept-Encoding.
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

// Encodes a reply for this request: gzip when the client accepts it and the body is worth it.
export function encodeReply(req: IncomingMessage, reply: Reply): WireReply {
  const body = Buffer.from(reply.body);
  const accepts = /\bgzip\b/i.test(String(req.headers["accept-encoding"] ?? ""));
  if (!accepts || body.length < 256) return { status: reply.status, headers: reply.headers, body };
  return {
    status: reply.status,
    headers: { ...reply.headers, "content-encoding": "gzip", vary: "Accept-Encoding" },
    body: gzipSync(body, { level: 1 }),
  };
}

// Sends the whole reply with an exact Content-Length.
export function sendReply(res: ServerResponse, reply: WireReply): void {
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(reply.body.length) });
  res.end(reply.body);
}

// Promises the whole body in Content-Length, sends half of it, then drops the connection.
export function sendTruncated(res: ServerResponse, reply: WireReply): void {
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(reply.body.length) });
  res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => res.destroy());
}

// Drops the connection without a single byte of answer.
export function resetConnection(req: IncomingMessage): void {
  req.socket.destroy();
}

// Writes an answer head no HTTP/1.1 client may accept (its length is not a number) straight onto the
// socket, around node:http, then closes it: what a broken proxy or middlebox might send.
export function sendBrokenHttp(req: IncomingMessage): void {
  req.socket.end("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: twelve\r\n\r\n{}");
}

// Writes one chunk, waiting for the socket to drain (or close) when its buffer is full.
async function writeChunk(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

// Streams a payload with an exact Content-Length (bytes are never compressed, as for images behind
// Cloudflare). With `cutAt`, Content-Length still promises every byte but the connection is dropped
// after `cutAt` of them: a download cut short mid-body. With `shortBody`, a complete answer whose
// Content-Length and body stop at half: wrong bytes that look whole.
export async function sendPayload(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: Payload,
  how: { cutAt?: number; shortBody?: boolean } = {},
): Promise<void> {
  const limit = how.cutAt ?? (how.shortBody ? Math.floor(payload.size / 2) : payload.size);
  const declared = how.shortBody ? limit : payload.size;
  res.writeHead(status, {
    ...headers,
    "content-type": payload.contentType,
    "content-length": String(declared),
  });
  let sent = 0;
  for (const chunk of payload.chunks()) {
    if (res.destroyed || sent >= limit) break;
    const part = chunk.length > limit - sent ? chunk.subarray(0, limit - sent) : chunk;
    await writeChunk(res, part);
    sent += part.length;
  }
  if (res.destroyed) return;
  if (how.cutAt === undefined) {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => res.write("", () => resolve()));
  res.destroy();
}
