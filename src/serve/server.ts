import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AccessRules, accessRules, checkAccess } from "./access.ts";
import { send, sendText } from "./respond.ts";
import { type RouteDeps, route } from "./routes.ts";

// The viewer's HTTP server: 127.0.0.1 only, GET and HEAD only, every request checked for the Host we
// printed and the token, before anything of the backup is read.

export interface ViewerOptions extends RouteDeps {
  port: number; // 0: any free port
  token: string;
}

export interface Viewer {
  url: string; // the URL to open: with the token, once
  origin: string; // http://127.0.0.1:<port>
  close(): Promise<void>;
}

// Starts the viewer; it serves until close().
export async function startViewer(options: ViewerOptions): Promise<Viewer> {
  let rules: AccessRules | undefined;
  const server = createServer((request, response) => {
    if (!rules) return sendText(request, response, 503, "starting");
    handle(request, response, rules, options).catch((error: unknown) => {
      options.warn(
        `error serving ${request.url ?? ""}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!response.headersSent)
        sendText(request, response, 500, "The viewer could not read this part of the backup.");
      else response.destroy();
    });
  });
  // Requests are answered from memory or a file or two: a client that sends nothing is cut off soon.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: options.port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  rules = accessRules(options.token, port);
  const origin = `http://${rules.host}`;
  return {
    url: `${origin}/?token=${options.token}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  rules: AccessRules,
  deps: RouteDeps,
): Promise<void> {
  const target = request.url ?? "";
  if (!target.startsWith("/")) return sendText(request, response, 400, "Bad request.");
  const url = new URL(target, `http://${rules.host}`);
  const decision = checkAccess(request, url, rules);
  if (decision.kind === "refuse") {
    const why =
      decision.reason === "host"
        ? `Forbidden: this viewer answers only at http://${rules.host}/ (a page that reached it under another name is refused).`
        : "Forbidden: open the URL that `claude-backup serve` printed (it holds the access token).";
    return sendText(request, response, 403, why);
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    return send(
      request,
      response,
      405,
      { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" },
      "The viewer is read-only.\n",
    );
  }
  if (decision.kind === "adopt") {
    return send(request, response, 303, { location: decision.location, "set-cookie": decision.setCookie });
  }
  await route(request, response, url, deps);
}
