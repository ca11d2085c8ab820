import type { Agent as HttpAgent, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { connect as tlsConnect } from "node:tls";
import { BlockedError } from "../core/errors.ts";
import { type ProxyChoice, type ProxySettings, proxyFor, redactProxyCredentials } from "./proxy-settings.ts";
import { TransientError } from "./transient-error.ts";

export type { ProxySettings } from "./proxy-settings.ts";

// Node's own HTTP client, not undici: undici parses with llhttp compiled to WebAssembly, and V8's
// optimizing compile of it took ~16 MB and undici's modules another ~13 MB, which was most of the gap
// between the sync's peak memory and its 100 MB aim (bench/RESULTS.md); node:http parses with the
// llhttp built into Node. An agent per origin keeps at most `connections` sockets open to it, reused
// (keep-alive) from one request to the next.

// node:http through getBuiltinModule, not `import`: an ES import of node:http builds its namespace,
// whose lazy WebSocket, CloseEvent and MessageEvent getters load Node's bundled undici (13 MB of
// resident memory, measured with /usr/bin/time: 59 against 46 MB).
export const http = process.getBuiltinModule("node:http");
export const https = process.getBuiltinModule("node:https");

export interface OriginAgent {
  origin: URL;
  agent: HttpAgent;
  // Names the proxy in an error of a request through it (undefined without a proxy).
  explain: (error: unknown) => unknown;
}

// The agent for one origin, through the proxy the settings name for it, if any. Through a proxy every
// connection is a CONNECT tunnel, plain http as well: so requests take the one path that claude.ai
// (https) takes, the cap counts tunnels, and the answers (3xx included) come back unchanged.
export function createOriginAgent(
  origin: string,
  options: { connections: number; timeoutMs: number },
  proxy: ProxySettings | undefined,
): OriginAgent {
  const url = new URL(origin);
  const secure = url.protocol === "https:";
  const choice = proxy ? proxyFor(url, proxy) : undefined;
  const settings = {
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: options.connections,
    // Through a proxy only: an agent counts a socket under maxSockets only once it exists, and a
    // tunnel is made asynchronously (createConnection below), so requests arriving meanwhile would
    // each open one more; maxTotalSockets is counted from the moment a socket is asked for. One origin
    // per agent, so the two caps are the same cap. Direct sockets exist at once, and the extra
    // bookkeeping cost CPU on every request (issue 12). No idle `timeout` either: the agent re-armed
    // it on each socket for each request; a server closes the kept-alive sockets it no longer wants,
    // and close() destroys the rest.
    ...(choice ? { maxTotalSockets: options.connections } : {}),
  };
  const agent = secure ? new https.Agent(settings) : new http.Agent(settings);
  if (!choice) return { origin: url, agent, explain: (error) => error };
  const label = `${redactProxyCredentials(choice.url).replace(/\/$/, "")} (from ${choice.variable})`;
  const tunnel = (callback: (error: Error | null, socket?: Duplex) => void): void => {
    openTunnel(choice, url, options.timeoutMs).then((socket) => {
      if (!secure) return callback(null, socket);
      const tls = tlsConnect({ socket, servername: url.hostname, ALPNProtocols: ["http/1.1"] });
      tls.once("secureConnect", () => callback(null, tls));
      tls.once("error", (error) => callback(error));
    }, callback);
  };
  // Node's agents take a socket made later: createConnection may hand it to its callback.
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _options: unknown,
    callback: (error: Error | null, socket?: Duplex) => void,
  ) => tunnel(callback);
  return { origin: url, agent, explain: (error) => explainProxyError(error, choice, label, url.host) };
}

// A CONNECT tunnel to `target` through the proxy: the raw socket, once the proxy answered 2xx.
function openTunnel(choice: ProxyChoice, target: URL, timeoutMs: number): Promise<Duplex> {
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
    request.once("connect", (response: IncomingMessage, socket: Duplex) => {
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
