import { type ConnectionPool, createConnectionPool } from "./connection-pool.ts";
import { getStream, getWhole } from "./get-answer.ts";
import { createOriginConnector, type ProxySettings, timeoutError } from "./origin-connector.ts";
import type { Pacer } from "./pacer.ts";
import { requestHead } from "./request-head.ts";

// One HTTP answer, body fully read. Headers are lower-case; repeated headers are joined with ", ".
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

// One HTTP answer whose body is still arriving: read it once, or `dump` it.
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  dump(): Promise<void>;
}

// Where byte downloads go: the claude.ai transport (paths), or the cookie-less one (absolute URLs).
// `again`: a retry, sent before the requests waiting behind it (connection-pool.ts).
export interface StreamTransport {
  stream(target: string, signal?: AbortSignal, again?: boolean): Promise<StreamResponse>;
  close(): Promise<void>;
}

export interface Transport extends StreamTransport {
  get(pathAndQuery: string, signal?: AbortSignal, again?: boolean): Promise<RawResponse>;
}

export interface TransportOptions {
  baseUrl: string; // e.g. https://claude.ai (a path prefix is kept)
  connections: number; // at most this many sockets to the origin
  headers: Record<string, string>; // sent with every request (cookie, user agent, accept)
  timeoutMs: number; // for the headers and for each gap in the body
  proxy?: ProxySettings; // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read by the command
  pacer?: Pacer; // spaces the requests' starts (shared with the other hosts' pools); none: no spacing
}

// Asked for like a browser asks: claude.ai sits behind Cloudflare, which compresses for browsers and may
// count a client that never asks for compression as a bot. Bodies are decompressed before anyone sees
// them, so what is saved is the JSON as served.
const ACCEPT_ENCODING = "gzip, deflate, br";

// A connection-limited GET-only transport on our own HTTP/1.1 connections (http/connection.ts says why
// not node:http; http/connection-pool.ts caps and reuses them). It never follows redirects: a 3xx
// comes back as an answer like any other, and the caller treats it as an error (as the original tool
// does).
export function createTransport(options: TransportOptions): Transport {
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  const pool = originPool(base.origin, options, { "accept-encoding": ACCEPT_ENCODING, ...options.headers });
  return {
    get: (pathAndQuery, signal, again) => getWhole(pool, prefix + pathAndQuery, signal, again),
    // The same connections and headers, the body left as a stream (files can be far larger than memory).
    stream: (pathAndQuery, signal, again) => getStream(pool, prefix + pathAndQuery, signal, again),
    async close() {
      pool.close();
    },
  };
}

// The capped, kept-alive connections to one origin, sending `headers` with every GET, through the
// proxy the settings name for it.
export function originPool(
  origin: string,
  options: {
    connections: number;
    timeoutMs: number;
    proxy?: ProxySettings | undefined;
    pacer?: Pacer | undefined;
  },
  headers: Readonly<Record<string, string>>,
): ConnectionPool {
  const connector = createOriginConnector(origin, options.timeoutMs, options.proxy);
  const host = connector.origin.host;
  return createConnectionPool({
    connections: options.connections,
    timeoutMs: options.timeoutMs,
    head: requestHead(connector.origin, headers),
    connect: connector.connect,
    silence: () => timeoutError(`no answer from ${host} for ${options.timeoutMs / 1000} s`),
    explain: connector.explain,
    pacer: options.pacer,
  });
}
