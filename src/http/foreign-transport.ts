import { getStream, type HeaderList, headerList } from "./node-get.ts";
import { createOriginAgent, type OriginAgent, type ProxySettings } from "./origin-agent.ts";
import type { StreamTransport } from "./transport.ts";

export interface ForeignTransportOptions {
  connections: number; // at most this many sockets per foreign origin
  headers: Record<string, string>; // never the session cookie: only user agent and accept headers
  timeoutMs: number;
  proxy?: ProxySettings; // the same proxy settings as for claude.ai
}

// The transport for absolute URLs on any other host (signed asset URLs, docs/claude-api.md §4.6). The
// claude.ai agent is bound to claude.ai's origin and sends the session cookie with every request;
// another host must never see that cookie, so it gets its own small agent per host with no cookie
// header at all. Like the claude.ai transport it never follows redirects, gives up on a silent server
// after `timeoutMs`, and goes through the proxy the environment names.
export function createForeignTransport(options: ForeignTransportOptions): StreamTransport {
  const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" };
  for (const [name, value] of Object.entries(options.headers)) {
    if (name.toLowerCase() !== "cookie") headers[name.toLowerCase()] = value;
  }
  const origins = new Map<string, { target: OriginAgent; headers: HeaderList }>();
  const originOf = (url: URL) => {
    let origin = origins.get(url.origin);
    if (!origin) {
      const target = createOriginAgent(url.origin, options, options.proxy);
      origin = { target, headers: headerList(target.origin, headers) };
      origins.set(url.origin, origin);
    }
    return origin;
  };
  return {
    async stream(target, signal) {
      const url = new URL(target);
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new TypeError(`not an http(s) URL: ${url.protocol}`);
      }
      const origin = originOf(url);
      return getStream(origin.target, {
        path: `${url.pathname}${url.search}`,
        headers: origin.headers,
        timeoutMs: options.timeoutMs,
        signal,
      });
    },
    async close() {
      for (const origin of origins.values()) origin.target.agent.destroy();
    },
  };
}
