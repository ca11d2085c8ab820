import type { IncomingMessage, ServerResponse } from "node:http";
import { COMMON_HEADERS, PAGE_HEADERS } from "./headers.ts";
import type { Html } from "./html.ts";

// Writing answers: every one gets the common security headers, and HEAD gets the headers alone.

// Sends `body` with `status` and the given headers (on top of the common ones).
export function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer = "",
): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  response.writeHead(status, { ...COMMON_HEADERS, ...headers, "content-length": String(bytes.length) });
  response.end(request.method === "HEAD" ? undefined : bytes);
}

// A viewer page.
export function sendPage(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  page: Html,
): void {
  send(
    request,
    response,
    status,
    { ...PAGE_HEADERS, "content-type": "text/html; charset=utf-8" },
    page.value,
  );
}

// JSON for the viewer's own scripts (and anyone with the token who wants it).
export function sendJson(request: IncomingMessage, response: ServerResponse, value: unknown): void {
  send(
    request,
    response,
    200,
    { ...PAGE_HEADERS, "content-type": "application/json; charset=utf-8" },
    JSON.stringify(value),
  );
}

// A plain-text refusal or error: it says what to do and holds no backup data.
export function sendText(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  text: string,
): void {
  send(
    request,
    response,
    status,
    { ...PAGE_HEADERS, "content-type": "text/plain; charset=utf-8" },
    `${text}\n`,
  );
}
