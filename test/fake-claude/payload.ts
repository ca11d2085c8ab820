// Served bytes as a recipe: small ones held whole, big ones made chunk by chunk while they are sent.

import { createHash } from "node:crypto";

export interface Payload {
  contentType: string;
  size: number;
  // The bytes in order; each call starts over, so a big payload is never held whole in memory.
  chunks(): Iterable<Buffer>;
}

// Bytes per generated chunk of a big payload.
const CHUNK = 64 * 1024;

// A payload of bytes already in memory.
export function bufferPayload(bytes: Buffer, contentType: string): Payload {
  return { contentType, size: bytes.length, chunks: () => [bytes] };
}

// One pseudo-random 64 KiB block per key: sha256 in counter mode.
function baseBlock(key: string): Buffer {
  const block = Buffer.alloc(CHUNK);
  for (let at = 0, i = 0; at < CHUNK; at += 32, i++) {
    createHash("sha256").update(`${key}\0${i}`).digest().copy(block, at);
  }
  return block;
}

// `size` deterministic bytes for `key`, starting with `header`: each chunk is the key's base block
// stamped with its index, so no two chunks are equal and nothing but one block stays in memory.
export function fillerPayload(key: string, size: number, contentType: string, header = ""): Payload {
  const head = Buffer.from(header, "latin1");
  return {
    contentType,
    size,
    *chunks() {
      const base = baseBlock(key);
      for (let at = 0, index = 0; at < size; at += CHUNK, index++) {
        const chunk = Buffer.from(base.subarray(0, Math.min(CHUNK, size - at)));
        if (chunk.length >= 8) chunk.writeUInt32BE(index, chunk.length - 8);
        if (at === 0) head.copy(chunk, 0, 0, Math.min(head.length, chunk.length));
        yield chunk;
      }
    },
  };
}

// The whole payload in one buffer; for tests, and only sensible for small ones.
export function payloadBytes(payload: Payload): Buffer {
  return Buffer.concat([...payload.chunks()]);
}

// The sha256 (hex) of a payload, computed as it streams.
export function payloadSha256(payload: Payload): string {
  const hash = createHash("sha256");
  for (const chunk of payload.chunks()) hash.update(chunk);
  return hash.digest("hex");
}
