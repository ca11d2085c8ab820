import type { Readable } from "node:stream";
import { contentCoding } from "./content-coding.ts";
import { TransientError } from "./transient-error.ts";

// What is done to an answer's body once it is in, or as it comes (http/get-answer.ts reads it).

// The body as served before compression. The encodings are undone last first; once undone, the
// content-encoding and content-length headers (which describe the compressed bytes) are dropped. A
// body that fails to decompress (corrupt, or cut short: zlib's Z_DATA_ERROR, Z_BUF_ERROR …) is a
// malformed answer, worth another attempt like any cut or unparsable body. An encoding we never ask for is left as it is (the JSON check then fails and retries).
export function decoded(headers: Record<string, string>, body: Buffer): Buffer {
  const encoding = headers["content-encoding"];
  if (!encoding) return body;
  const codings = encoding
    .toLowerCase()
    .split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "" && coding !== "identity");
  const decoders = codings.map(contentCoding);
  if (codings.length > 3 || decoders.some((decoder) => decoder === undefined)) return body;
  let out = body;
  try {
    for (const decoder of decoders.reverse()) if (decoder) out = decoder.whole(out);
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

// The body of a streamed answer as served before compression (one coding only: several, never asked
// for, are left as they are); the headers then describe the decompressed bytes.
export function decodedStream(headers: Record<string, string>, body: Readable): Readable {
  const decoder = contentCoding(headers["content-encoding"])?.stream();
  if (!decoder) return body;
  delete headers["content-encoding"];
  delete headers["content-length"];
  body.once("error", (error) => decoder.destroy(error));
  return body.pipe(decoder);
}
