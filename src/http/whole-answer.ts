import type { IncomingHttpHeaders } from "node:http";
import { contentCoding } from "./content-coding.ts";
import { TransientError } from "./transient-error.ts";

// What is done to an answer's headers and body once it is in (http/node-get.ts reads it).

// An answer's headers with each value one string (repeated headers joined with ", "). node:http has
// lower-cased the names and joined repeats, all but set-cookie's (an array), in an object made for
// this one answer: it is used as it is unless a value is not a string, rather than copied entry by
// entry for every answer (Object.entries makes an array per header: 4 kB per answer).
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  for (const name in headers) if (typeof headers[name] !== "string") return copyFlat(headers);
  return headers as Record<string, string>;
}

function copyFlat(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

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
