import type { Transform } from "node:stream";
import {
  brotliDecompressSync,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  gunzipSync,
  inflateRawSync,
  inflateSync,
} from "node:zlib";

// The content codings we ask for (`accept-encoding: gzip, deflate, br`, transport.ts), each undone
// in one call on a whole body (JSON answers) or as a stream (files, which can be far larger than memory).
export interface ContentCoding {
  whole(input: Buffer): Buffer;
  stream(): Transform;
}

const gzip: ContentCoding = { whole: (input) => gunzipSync(input), stream: () => createGunzip() };

const CONTENT_CODINGS: Readonly<Record<string, ContentCoding>> = {
  gzip,
  "x-gzip": gzip,
  br: { whole: (input) => brotliDecompressSync(input), stream: () => createBrotliDecompress() },
  // "deflate" is meant to be zlib-wrapped; some servers send it raw (handled for whole bodies).
  deflate: {
    whole: (input) => {
      try {
        return inflateSync(input);
      } catch {
        return inflateRawSync(input);
      }
    },
    stream: () => createInflate(),
  },
};

// The coding of that name (any case, spaces around it ignored), or undefined for identity and for one
// we never ask for.
export function contentCoding(name: string | undefined): ContentCoding | undefined {
  const key = name?.trim().toLowerCase();
  return key !== undefined && Object.hasOwn(CONTENT_CODINGS, key) ? CONTENT_CODINGS[key] : undefined;
}
