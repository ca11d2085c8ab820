import type { IncomingMessage } from "node:http";
import { isIP, connect as netConnect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { connect as tlsConnect } from "node:tls";
import { BlockedError } from "../core/errors.ts";
import { type ProxyChoice, type ProxySettings, proxyFor, redactProxyCredentials } from "./proxy-settings.ts";
import { TransientError } from "./transient-error.ts";

export type { ProxySettings } from "./proxy-settings.ts";

export interface OriginConnector {
  origin: URL;
  // A new connection to the origin: a socket at once (writes wait for it to connect), or, through
  // a proxy, once the tunnel is open.
  connect: () => Socket | Promise<Socket>;
  // Names the proxy in an error of a request through it (unchanged without a proxy).
  explain: (error: unknown) => unknown;
}

// How connections to one origin are made, through the proxy the settings name for it, if any. Through
// a proxy every connection is a CONNECT tunnel, plain http as well: so requests take the one path that
// claude.ai (https) takes, the cap counts tunnels, and the answers (3xx included) come back unchanged.
// TLS offers only http/1.1 (ALPN): the connections speak nothing else (connection.ts).
export function createOriginConnector(
  origin: string,
  timeoutMs: number,
  proxy: ProxySettings | undefined,
): OriginConnector {
  const url = new URL(origin);
  const secure = url.protocol === "https:";
  // A URL's IPv6 host is in brackets; sockets want it bare. SNI names a host, never an address.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || (secure ? 443 : 80));
  const tls = (socket?: Duplex): Socket =>
    tlsConnect({
      ...(socket ? { socket } : { host, port }),
      ...(isIP(host) ? {} : { servername: host }),
      ALPNProtocols: ["http/1.1"],
    });
  const choice = proxy ? proxyFor(url, proxy) : undefined;
  if (!choice) {
    return {
      origin: url,
      connect: () => keptAlive(secure ? tls() : netConnect({ host, port })),
      explain: (error) => error,
    };
  }
  const label = `${redactProxyCredentials(choice.url).replace(/\/$/, "")} (from ${choice.variable})`;
  return {
    origin: url,
    connect: () => openTunnel(choice, url, timeoutMs).then((socket) => (secure ? tls(socket) : socket)),
    explain: (error) => explainProxyError(error, choice, label, url.host),
  };
}

// TCP keep-alive probes after a second of silence, as node:http's agents set them.
function keptAlive(socket: Socket): Socket {
  return socket.setKeepAlive(true, 1000);
}

// A CONNECT tunnel to `target` through the proxy: the raw socket, once the proxy answered 2xx.
function openTunnel(choice: ProxyChoice, target: URL, timeoutMs: number): Promise<Socket> {
  // node:http only for this rare path: a sync without a proxy never loads it. Through
  // getBuiltinModule, not `import`: an ES import of node:http builds its namespace, whose lazy
  // WebSocket getters load Node's bundled undici (13 MB of resident memory).
  const http = process.getBuiltinModule("node:http");
  const proxy = new URL(choice.url);
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  const headers: Record<string, string> = { host: `${target.hostname}:${port}` };
  if (proxy.username) {
    const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers["proxy-authorization"] = `Basic ${Buffer.from(user).toString("base64")}`;
  }
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: "CONNECT",
      path: `${target.hostname}:${port}`,
      headers,
      agent: false,
    });
    // A proxy that never answers a CONNECT fails like a silent server.
    request.setTimeout(timeoutMs, () => request.destroy(timeoutError("the proxy did not answer")));
    request.once("connect", (response: IncomingMessage, socket: Socket) => {
      request.setTimeout(0);
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve(socket);
      socket.destroy();
      reject(new ProxyRefusal(status));
    });
    request.once("error", reject);
    request.end();
  });
}

// An error for a request that saw no byte for too long (retried like a reset).
export function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { code: "ETIMEDOUT" });
}

class ProxyRefusal extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`Proxy response (${status})`);
    this.status = status;
  }
}

// Turns a proxy's refusal into an error a person can act on, and names the proxy in the others.
// Retrying cannot fix a 407 or a 403; a 5xx (the proxy could not reach claude.ai) is retried like any
// network error.
function explainProxyError(error: unknown, choice: ProxyChoice, label: string, host: string): unknown {
  if (!(error instanceof Error)) return error;
  const status = error instanceof ProxyRefusal ? error.status : 0;
  if (status === 407) {
    return new BlockedError(
      "BLOCKED",
      `the proxy ${label} asks for a user name and password (HTTP 407): put them in ${choice.variable} as http://user:password@host:port`,
      { cause: error },
    );
  }
  if (status >= 500) {
    return new TransientError("network", `the proxy ${label} could not reach ${host} (HTTP ${status})`, {
      cause: error,
    });
  }
  if (status > 0) {
    return new BlockedError("BLOCKED", `the proxy ${label} refused to connect to ${host} (HTTP ${status})`, {
      cause: error,
    });
  }
  // A socket error (ECONNREFUSED from the proxy itself, a reset tunnel): the message says where.
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && error.name !== "AbortError" && !error.message.includes(label))
    error.message += `, through the proxy ${label}`;
  return error;
}
