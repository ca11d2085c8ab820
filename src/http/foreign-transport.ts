import { Agent, interceptors } from "undici";
import { type StreamTransport, streamResponse } from "./transport.ts";

export interface ForeignTransportOptions {
  connections: number; // at most this many sockets per foreign origin
  headers: Record<string, string>; // never the session cookie: only user agent and accept headers
  timeoutMs: number;
}

// The transport for absolute URLs on any other host (signed asset URLs, docs/claude-api.md §4.6). The claude.ai
// pool is bound to claude.ai's origin and sends the session cookie with every request; another host
// must never see that cookie, so it gets its own agent with no cookie header at all. Like the claude.ai
// transport it never follows redirects and gives up on a silent server after `timeoutMs`.
export function createForeignTransport(options: ForeignTransportOptions): StreamTransport {
  const agent = new Agent({
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  });
  const dispatcher = agent.compose(interceptors.decompress());
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
      const response = await dispatcher.request({
        origin: url.origin,
        method: "GET",
        path: `${url.pathname}${url.search}`,
        headers,
        signal,
      });
      return streamResponse(response);
    },
    async close() {
      await agent.destroy();
    },
  };
}
