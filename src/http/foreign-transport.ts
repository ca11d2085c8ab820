import type { Dispatcher } from "undici";
import { createOriginDispatcher, type ProxySettings } from "./proxy.ts";
import { type StreamTransport, streamResponse } from "./transport.ts";
import { decompressInterceptor } from "./undici-parts.ts";

export interface ForeignTransportOptions {
  connections: number; // at most this many sockets per foreign origin
  headers: Record<string, string>; // never the session cookie: only user agent and accept headers
  timeoutMs: number;
  proxy?: ProxySettings; // the same proxy settings as for claude.ai
}

// The transport for absolute URLs on any other host (signed asset URLs, docs/claude-api.md §4.6). The claude.ai
// pool is bound to claude.ai's origin and sends the session cookie with every request; another host
// must never see that cookie, so it gets its own small pool per host with no cookie header at all.
// Like the claude.ai transport it never follows redirects, gives up on a silent server after
// `timeoutMs`, and goes through the proxy the environment names.
export function createForeignTransport(options: ForeignTransportOptions): StreamTransport {
  const pools = new Map<string, Dispatcher>();
  const dispatcherFor = (origin: string): Dispatcher => {
    let pool = pools.get(origin);
    if (!pool) {
      const options_ = {
        connections: options.connections,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        keepAliveTimeout: 10_000,
      };
      pool = createOriginDispatcher(origin, options_, options.proxy).compose(decompressInterceptor());
      pools.set(origin, pool);
    }
    return pool;
  };
  const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" };
  for (const [name, value] of Object.entries(options.headers)) {
    if (name.toLowerCase() !== "cookie") headers[name.toLowerCase()] = value;
  }
  return {
    async stream(target, signal) {
      const url = new URL(target);
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new TypeError(`not an http(s) URL: ${url.protocol}`);
      }
      const response = await dispatcherFor(url.origin).request({
        origin: url.origin,
        method: "GET",
        path: `${url.pathname}${url.search}`,
        headers,
        signal,
      });
      return streamResponse(response);
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.destroy()));
    },
  };
}
