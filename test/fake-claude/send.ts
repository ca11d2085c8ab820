// Puts a Reply on the wire: whole, cut in half mid-body, or not at all.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply } from "./replies.ts";

// Sends the whole reply with an exact Content-Length.
export function sendReply(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body);
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length) });
  res.end(body);
}

// Promises the whole body in Content-Length, sends half of it, then drops the connection.
export function sendTruncated(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body);
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}

// Drops the connection without a single byte of answer.
export function resetConnection(req: IncomingMessage): void {
  req.socket.destroy();
}
