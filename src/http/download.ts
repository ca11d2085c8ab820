import { ApiError } from "../core/errors.ts";
import { interpretResponse } from "./interpret.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { TransientError } from "./transient-error.ts";
import type { StreamResponse } from "./transport.ts";

// What a download's answer says about its body before the first byte.
export interface DownloadHead {
  contentType: string | undefined;
  declaredSize: number | undefined; // Content-Length, when the body is not being decompressed
}

// Where one attempt's bytes go. `write` is awaited (backpressure); `finish` runs once every byte is in
// and the size checks passed; `discard` undoes an attempt that failed, so a cut download never leaves
// a partial file under its final name.
export interface SinkWriter<T> {
  write(chunk: Uint8Array): Promise<void>;
  finish(): Promise<T>;
  discard(): Promise<void>;
}

// A destination for bytes, opened afresh for each attempt (a retry starts from byte 0).
export interface ByteSink<T> {
  // The size the caller was told to expect (size_bytes, a listing's size), checked like Content-Length.
  expectedSize?: number;
  open(head: DownloadHead): Promise<SinkWriter<T>>;
}

// How much of an error answer is read to tell what it means (claude.ai's JSON envelope is small).
const ERROR_BODY_LIMIT = 64 * 1024;

// Reads one answer into `sink`, or throws what the answer means: a TransientError for what another
// attempt may cure (a cut body, 429, 5xx), an ApiError or worse for the rest. `foreign` answers come
// from a host that is not claude.ai: their errors concern that one file, never the session.
export async function receiveDownload<T>(
  response: StreamResponse,
  what: string,
  sink: ByteSink<T>,
  options: { nowMs: number; foreign: boolean },
): Promise<T> {
  const { status, headers } = response;
  if (status < 200 || status >= 300) {
    const body = await readSome(response);
    throw downloadError({ status, headers, body }, what, options);
  }
  const length = headers["content-length"];
  const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
  const expected = sink.expectedSize;
  const writer = await sink.open({ contentType: headers["content-type"], declaredSize: declared });
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.length;
      if (declared !== undefined && size > declared)
        throw cut(what, `more than the ${declared} bytes declared`);
      await writer.write(chunk);
    }
    if (declared !== undefined && size !== declared) throw cut(what, `${size} of ${declared} bytes`);
    if (expected !== undefined && size !== expected) {
      throw cut(what, `${size} bytes where claude.ai listed ${expected}`);
    }
    return await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

function cut(what: string, detail: string): TransientError {
  return new TransientError("malformed", `${what}: download cut short (${detail})`);
}

// The first bytes of an error answer; the rest is thrown away so the connection can be reused.
async function readSome(response: StreamResponse): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      parts.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch {
    // a broken error body still has a status worth reporting
  }
  await response.dump();
  return Buffer.concat(parts).subarray(0, ERROR_BODY_LIMIT);
}

function downloadError(
  raw: { status: number; headers: Record<string, string>; body: Buffer },
  what: string,
  options: { nowMs: number; foreign: boolean },
): Error {
  const { status } = raw;
  if (status >= 300 && status < 400) {
    // Never followed (like every request of the tool); for a file it fails that file, not the run.
    return new ApiError(
      "BAD_RESPONSE",
      `${what}: answered ${status} redirecting to ${raw.headers.location ?? "(nowhere)"}; redirects are not followed`,
      { status },
    );
  }
  if (!options.foreign) {
    try {
      interpretResponse(raw, what, options.nowMs);
    } catch (error) {
      return error as Error;
    }
    return new ApiError("BAD_RESPONSE", `${what}: unexpected HTTP ${status}`, { status });
  }
  // Another host (a storage service): its 403 is an expired or refused signature, not our session.
  if (status === 404 || status === 410) {
    return new ApiError("NOT_FOUND", `${what}: not found (HTTP ${status})`, { status });
  }
  if (status === 401 || status === 403) {
    return new ApiError(
      "FORBIDDEN",
      `${what}: the file host refused the link (HTTP ${status}); it may have expired`,
      {
        status,
      },
    );
  }
  const retryAfterMs = parseRetryAfter(raw.headers["retry-after"], options.nowMs);
  if (status === 429)
    return new TransientError("rate_limit", `${what}: rate limited (HTTP 429)`, { status, retryAfterMs });
  if (status === 408 || status >= 500) {
    return new TransientError("server", `${what}: server error (HTTP ${status})`, { status, retryAfterMs });
  }
  return new ApiError("BAD_RESPONSE", `${what}: unexpected HTTP ${status} from the file host`, { status });
}
