import type { ConnectionPool } from "./connection-pool.ts";
import { getStream } from "./get-answer.ts";
import type { ProxySettings } from "./origin-connector.ts";
import type { Pacer } from "./pacer.ts";
import { originPool, type StreamTransport } from "./transport.ts";

export interface ForeignTransportOptions {
  connections: number; // at most this many sockets per foreign origin
  headers: Record<string, string>; // never the session cookie: only user agent and accept headers
  timeoutMs: number;
  proxy?: ProxySettings; // the same proxy settings as for claude.ai
  pacer?: Pacer; // the same pacer as claude.ai's pool: the spacing is across every host
}

// The transport for absolute URLs on any other host (signed asset URLs, docs/claude-api.md §4.6). The
// claude.ai connections are bound to claude.ai's origin and send the session cookie with every
// request; another host must never see that cookie, so it gets its own small pool per host with no cookie
// header at all. Like the claude.ai transport it never follows redirects, gives up on a silent server
// after `timeoutMs`, and goes through the proxy the environment names.
export function createForeignTransport(options: ForeignTransportOptions): StreamTransport {
  const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" };
  for (const [name, value] of Object.entries(options.headers)) {
    if (name.toLowerCase() !== "cookie") headers[name.toLowerCase()] = value;
  }
  const pools = new Map<string, ConnectionPool>();
  const poolOf = (url: URL) => {
    let pool = pools.get(url.origin);
    if (!pool) {
      pool = originPool(url.origin, options, headers);
      pools.set(url.origin, pool);
    }
    return pool;
  };
  return {
    async stream(target, signal, again) {
      const url = new URL(target);
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new TypeError(`not an http(s) URL: ${url.protocol}`);
      }
      return getStream(poolOf(url), `${url.pathname}${url.search}`, signal, again);
    },
    async close() {
      for (const pool of pools.values()) pool.close();
    },
  };
}
