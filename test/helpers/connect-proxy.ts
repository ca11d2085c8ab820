import { createServer, type IncomingMessage, request } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

// What passed through the proxy: one record per CONNECT tunnel or forwarded (absolute-URI) request.
export interface ProxyRecord {
  kind: "connect" | "forward";
  target: string; // host:port asked for
  url: string | undefined; // the absolute URI of a forwarded request
  proxyAuthorization: string | undefined;
  status: number; // what the proxy answered: 200, 403 (not on 127.0.0.1), 407 (bad credentials)
}

export interface TestProxy {
  url: string; // http://127.0.0.1:<port>
  records: ProxyRecord[];
  maxOpenTunnels: number; // the most CONNECT tunnels open at once
  close(): Promise<void>;
}

export interface TestProxyOptions {
  credentials?: string; // "user:pass": anything else gets 407, as a corporate proxy answers
}

// A small HTTP proxy on 127.0.0.1, like the corporate ones: CONNECT tunnels (how https always goes, and
// how claude-backup sends plain http too) and absolute-URI forwarding (how curl sends plain http). It
// only reaches 127.0.0.1, so a test can never leave the machine, and it records what passed through it.
export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const expected = options.credentials
    ? `Basic ${Buffer.from(options.credentials).toString("base64")}`
    : undefined;
  const sockets = new Set<Socket>();
  let open = 0;
  const proxy: TestProxy = { url: "", records: [], maxOpenTunnels: 0, close: async () => {} };
  // The status to answer before passing `target` on, after recording it.
  const admit = (kind: ProxyRecord["kind"], req: IncomingMessage, target: string): number => {
    const auth = req.headers["proxy-authorization"];
    const status = expected !== undefined && auth !== expected ? 407 : isLocal(target) ? 200 : 403;
    proxy.records.push({
      kind,
      target,
      url: kind === "forward" ? req.url : undefined,
      proxyAuthorization: auth,
      status,
    });
    return status;
  };

  const server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("not a proxy request");
      return;
    }
    const status = admit("forward", req, target.host);
    if (status !== 200) {
      res.writeHead(status, status === 407 ? { "proxy-authenticate": 'Basic realm="test"' } : {}).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    const target = req.url ?? "";
    const status = admit("connect", req, target);
    if (status !== 200) {
      const extra = status === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : "";
      client.end(
        `HTTP/1.1 ${status} ${status === 407 ? "Proxy Authentication Required" : "Forbidden"}\r\n${extra}Content-Length: 0\r\n\r\n`,
      );
      return;
    }
    const [host = "", port = ""] = splitHostPort(target);
    // A tunnel counts as open from its upstream connection until the client's side of it closes, or
    // the upstream's if that comes first. The client's side is what -c limits: a client that drops a
    // tunnel and opens the next one at once is within its cap, though this proxy may see the old
    // tunnel's upstream close only after the new one connected (which made a check of -c flaky).
    let counted = false;
    const uncount = () => {
      if (counted) open--;
      counted = false;
    };
    const upstream = connect(Number(port), host, () => {
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      counted = true;
      open++;
      proxy.maxOpenTunnels = Math.max(proxy.maxOpenTunnels, open);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => {
      sockets.delete(upstream);
      uncount();
      client.destroy();
    });
    upstream.on("error", () => client.destroy());
    client.on("close", () => {
      uncount();
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

function splitHostPort(target: string): [string, string] {
  const at = target.lastIndexOf(":");
  return [target.slice(0, at).replace(/^\[(.*)\]$/, "$1"), target.slice(at + 1)];
}

function isLocal(target: string): boolean {
  const [host, port] = splitHostPort(target);
  return host === "127.0.0.1" && /^\d+$/.test(port);
}
