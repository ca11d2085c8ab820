import { Readable } from "node:stream";
import type { Connection } from "./connection.ts";
import type { ConnectionPool } from "./connection-pool.ts";
import type { RawResponse, StreamResponse } from "./transport.ts";
import { decoded, decodedStream } from "./whole-answer.ts";

// A GET whose whole answer is wanted (JSON of a few kB to a few MB): the chunks are kept as they come
// and decompressed in one call once complete, rather than through a zlib stream per answer.
export function getWhole(
  pool: ConnectionPool,
  path: string,
  signal?: AbortSignal,
  again = false,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    pool.get(
      path,
      {
        head(head) {
          status = head.status;
          headers = head.headers;
        },
        body: (chunk) => chunks.push(chunk),
        end() {
          const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          try {
            resolve({ status, headers, body: decoded(headers, raw) });
          } catch (error) {
            reject(error);
          }
        },
        fail: reject,
      },
      signal,
      again,
    );
  });
}

// A GET whose body is read as it arrives (files can be far larger than memory), decompressed on the
// way when the server compressed it; the headers then describe the decompressed bytes. Resolves once
// the headers are in. A reader that falls behind pauses the connection.
export function getStream(
  pool: ConnectionPool,
  path: string,
  signal?: AbortSignal,
  again = false,
): Promise<StreamResponse> {
  return new Promise((resolve, reject) => {
    let body: Readable | undefined;
    let connection: Connection | undefined;
    // Once the last byte is in, the connection carries other GETs: nothing here may touch it.
    let complete = false;
    pool.get(
      path,
      {
        head(head, carrier) {
          connection = carrier;
          const raw = new Readable({ read: () => complete || carrier.resume() });
          // An error reaches whoever reads the body; one that nobody reads must not crash the process.
          raw.on("error", () => {});
          body = raw;
          resolve({
            status: head.status,
            headers: head.headers,
            body: decodedStream(head.headers, raw),
            dump: async () => {
              if (!complete) carrier.discard();
              raw.destroy();
            },
          });
        },
        body(chunk) {
          if (body && !body.push(chunk)) connection?.pause();
        },
        end() {
          complete = true;
          body?.push(null);
        },
        fail(error) {
          complete = true;
          if (body) body.destroy(error as Error);
          else reject(error);
        },
      },
      signal,
      again,
    );
  });
}
