import { Pool } from "undici";

// One HTTP answer, body fully read. Headers are lower-case; repeated headers are joined with ", ".
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Transport {
  get(pathAndQuery: string, signal?: AbortSignal): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface TransportOptions {
  baseUrl: string; // e.g. https://claude.ai (a path prefix is kept)
  connections: number; // at most this many sockets to the origin
  headers: Record<string, string>; // sent with every request (cookie, user agent, accept)
  timeoutMs: number; // for the headers and for each gap in the body
}

// A connection-limited GET-only transport on undici's Pool. It never follows redirects: a 3xx comes
// back as an answer like any other, and the caller treats it as an error (as the original tool does).
export function createTransport(options: TransportOptions): Transport {
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  const pool = new Pool(base.origin, {
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  });
  return {
    async get(pathAndQuery, signal) {
      const response = await pool.request({
        method: "GET",
        path: prefix + pathAndQuery,
        headers: options.headers,
        signal,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
    },
    async close() {
      await pool.destroy();
    },
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
