// A second origin serving "absolute signed URLs" for file assets (docs/claude-api.md §4.6): no cookie needed,
// and every request's headers are recorded so a test can prove the client sent no Cookie there.

import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Payload } from "./payload.ts";
import { sendPayload } from "./send.ts";

export interface ForeignRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  status: number;
  at: number;
}

// Where the host finds the bytes for `/signed/{file}/{variant}`; set by the fake it is given to.
export type ForeignResolver = (fileUuid: string, variant: string) => Payload | undefined;

export interface ForeignHost {
  // `http://localhost:<port>`: another host name as well as another port than the fake's 127.0.0.1.
  url: string;
  requests: ForeignRequest[];
  // The signed URL for one variant of a file (stable: the same inputs give the same URL).
  signedUrl(fileUuid: string, variant: string): string;
  // Every signed URL then answers 403 "Request has expired", as an expired signature does.
  setExpired(expired: boolean): void;
  attach(resolve: ForeignResolver): void;
  close(): Promise<void>;
}

// A fixed expiry far ahead, so generated URLs are deterministic (seconds since the epoch).
const EXPIRES = "1900000000";

function signature(path: string): string {
  return createHash("sha256").update(`fake-signer\0${path}\0${EXPIRES}`).digest("hex").slice(0, 40);
}

// An S3-style XML error, the kind a storage host sends (not claude.ai's JSON envelope).
function xmlError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

// Starts the host (dual-stack when possible, so `localhost` reaches it over IPv4 or IPv6).
export async function startForeignHost(): Promise<ForeignHost> {
  const requests: ForeignRequest[] = [];
  let resolver: ForeignResolver = () => undefined;
  let expired = false;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://foreign.invalid");
    const record: ForeignRequest = {
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    const fail = (status: number, code: string, message: string): void => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/xml" });
      res.end(xmlError(code, message));
    };
    const match = /^\/signed\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method !== "GET") return fail(405, "MethodNotAllowed", "Method not allowed");
    if (!match) return fail(404, "NoSuchKey", "The specified key does not exist.");
    if (
      url.searchParams.get("sig") !== signature(url.pathname) ||
      url.searchParams.get("expires") !== EXPIRES
    ) {
      return fail(403, "SignatureDoesNotMatch", "The request signature we calculated does not match.");
    }
    if (expired) return fail(403, "AccessDenied", "Request has expired");
    const payload = resolver(match[1] ?? "", match[2] ?? "");
    if (!payload) return fail(404, "NoSuchKey", "The specified key does not exist.");
    record.status = 200;
    sendPayload(res, 200, { "cache-control": "private, max-age=3600" }, payload).catch(() => res.destroy());
  });

  const host = await new Promise<string>((resolve, reject) => {
    server.once("error", () => {
      // No IPv6 here: fall back to IPv4 and name it by address.
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve("127.0.0.1"));
    });
    server.listen({ port: 0, host: "::", ipv6Only: false }, () => resolve("localhost"));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    requests,
    signedUrl(fileUuid, variant) {
      const path = `/signed/${fileUuid}/${variant}`;
      return `${url}${path}?expires=${EXPIRES}&sig=${signature(path)}`;
    },
    setExpired(value) {
      expired = value;
    },
    attach(resolve) {
      resolver = resolve;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
