// Puts a Reply on the wire: whole, cut in half mid-body, or not at all.

import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
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
