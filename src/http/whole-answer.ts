import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import type { Dispatcher } from "undici";
import { TransientError } from "./transient-error.ts";
import type { RawResponse } from "./transport.ts";

// One GET whose whole answer is wanted (JSON of a few kB to a few MB), read through undici's dispatch
// handler rather than its body stream and decompression interceptor: the chunks are kept as they
// come and decompressed in one call once complete. Per answer that saves a Readable, a zlib stream
// and their promises and events: a third of the CPU and of the garbage of an answer
// (bench/RESULTS.md), which is most of what a sync does. Files, which can be far larger than memory,
// still stream (transport.ts `stream`).
export function getWholeAnswer(
  dispatcher: Dispatcher,
  options: { origin: string; path: string; headers: Record<string, string>; signal?: AbortSignal },
): Promise<RawResponse> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let abort: (() => void) | undefined;
    const done = () => {
      if (abort) signal?.removeEventListener("abort", abort);
    };
    dispatcher.dispatch(
      { origin: options.origin, method: "GET", path: options.path, headers: options.headers },
      {
        onRequestStart(controller) {
          if (!signal) return;
          abort = () => controller.abort(signal.reason);
          signal.addEventListener("abort", abort, { once: true });
        },
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          headers = flattenHeaders(responseHeaders);
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          done();
          try {
            const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
            resolve({ status, headers, body: decoded(headers, raw) });
          } catch (error) {
            reject(error);
          }
        },
        onResponseError(_controller, error) {
          done();
          reject(error);
        },
      },
    );
  });
}

// Lower-case names; repeated headers joined with ", ".
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

// The body as served before compression. The encodings are undone last first; once undone, the
// content-encoding and content-length headers (which describe the compressed bytes) are dropped, as
// undici's interceptor does. A body that fails to decompress (corrupt, or cut short: zlib's
// Z_DATA_ERROR, Z_BUF_ERROR …) is a malformed answer, worth another attempt like any cut or unparsable
// body. An encoding we never ask for is left as it is (the JSON check then fails and retries).
function decoded(headers: Record<string, string>, body: Buffer): Buffer {
  const encoding = headers["content-encoding"];
  if (!encoding) return body;
  const codings = encoding
    .toLowerCase()
    .split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length > 3 || !codings.every((coding) => DECODERS[coding])) return body;
  let out = body;
  try {
    for (const coding of codings.reverse()) out = (DECODERS[coding] as (input: Buffer) => Buffer)(out);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new TransientError("malformed", `the compressed body could not be decompressed (${String(code)})`, {
      cause: error,
    });
  }
  delete headers["content-encoding"];
  delete headers["content-length"];
  return out;
}

const DECODERS: Record<string, (input: Buffer) => Buffer> = {
  gzip: (input) => gunzipSync(input),
  "x-gzip": (input) => gunzipSync(input),
  br: (input) => brotliDecompressSync(input),
  // "deflate" is meant to be zlib-wrapped; some servers send it raw.
  deflate: (input) => {
    try {
      return inflateSync(input);
    } catch {
      return inflateRawSync(input);
    }
  },
};
