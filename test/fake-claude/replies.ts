// Answers as data: status, headers and body, shaped like claude.ai's backend or its Cloudflare edge.

import { randomBytes } from "node:crypto";
import type { Payload } from "./payload.ts";

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomBase62(length: number): string {
  let out = "";
  for (const byte of randomBytes(length)) out += BASE62.charAt(byte % 62);
  return out;
}

// Headers every answer has: it passed through Cloudflare (docs/claude-api.md §8.2).
function edgeHeaders(): Record<string, string> {
  return { server: "cloudflare", "cf-ray": `${randomBytes(8).toString("hex")}-SJC` };
}

// Headers of an answer from the backend behind Cloudflare (docs/claude-api.md §8.3).
function backendHeaders(status: number, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "request-id": requestId,
    "cf-cache-status": "DYNAMIC",
    "x-envoy-upstream-service-time": String(5 + (randomBytes(1)[0] ?? 0)),
    ...edgeHeaders(),
  };
  // 4xx errors are final; 429 and 5xx invite a retry.
  if (status === 429 || status >= 500) headers["x-should-retry"] = "true";
  else if (status >= 400) headers["x-should-retry"] = "false";
  return headers;
}

export function newRequestId(): string {
  return `req_011C${randomBase62(20)}`;
}

// A JSON answer; `body` is serialised compactly unless it is already a string.
export function jsonReply(status: number, body: unknown): Reply {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { status, headers: backendHeaders(status, newRequestId()), body: text };
}

// The backend's error envelope (docs/claude-api.md §8.1).
export function errorReply(status: number, type: string, message: string, details?: unknown): Reply {
  const requestId = newRequestId();
  const error = details === undefined ? { type, message } : { type, message, details };
  const body = JSON.stringify({ type: "error", error, request_id: requestId });
  return { status, headers: backendHeaders(status, requestId), body };
}

// Missing, invalid or expired sessionKey: the exact body from docs/claude-api.md §8.1.
export function sessionInvalidReply(): Reply {
  return errorReply(403, "permission_error", "Invalid authorization", {
    error_code: "account_session_invalid",
    error_visibility: "user_facing",
  });
}

// A valid session asking for an org it may not chat in (docs/claude-api.md §8.1).
export function orgForbiddenReply(): Reply {
  return errorReply(403, "permission_error", "Invalid authorization for organization");
}

// The account itself may not do this (docs/claude-api.md §8.1). Only the message's start is known: the
// fake ends it where the reports end, and the client must match no more than that start.
export function missingPermissionsReply(): Reply {
  return errorReply(403, "permission_error", "Missing permissions. Please check with Anthropic support.");
}

// A region or VPN block as a JSON 403 (docs/claude-api.md §8.1, reported in 2023).
export function regionBlockedReply(): Reply {
  return errorReply(403, "permission_error", "We are unable to serve your request");
}

export function notFoundReply(message = "Not Found"): Reply {
  return errorReply(404, "not_found_error", message);
}

export function invalidRequestReply(message: string): Reply {
  return errorReply(400, "invalid_request_error", message);
}

export function rateLimitReply(retryAfter: number | string | undefined): Reply {
  const reply = errorReply(429, "rate_limit_error", "Rate limited. Please try again later.");
  if (retryAfter !== undefined) reply.headers["retry-after"] = String(retryAfter);
  return reply;
}

function htmlReply(status: number, body: string, extra: Record<string, string> = {}): Reply {
  const headers = { "content-type": "text/html; charset=UTF-8", ...extra, ...edgeHeaders() };
  return { status, headers, body };
}

// Cloudflare's managed challenge: a 403 HTML page, easy to mistake for an expired session (docs/claude-api.md §8.2).
export function cloudflareChallengeReply(): Reply {
  const body =
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>' +
    '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">' +
    '</head><body><div class="main-wrapper" role="main"><div class="main-content">' +
    '<h1 class="zone-name-title h1">claude.ai</h1><h2 class="h2">Verifying you are human. This may take a few seconds.</h2>' +
    "<noscript>Enable JavaScript and cookies to continue</noscript></div></div>" +
    `<script>(function(){window._cf_chl_opt={cvId:'3',cZone:"claude.ai",cType:'managed',cRay:'${randomBytes(8).toString("hex")}'};}());</script>` +
    "</body></html>";
  return htmlReply(403, body, {
    "cf-mitigated": "challenge",
    "cache-control": "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0",
    "cross-origin-opener-policy": "same-origin",
  });
}

function cloudflareErrorPage(status: number, title: string): string {
  return (
    `<!DOCTYPE html><html lang="en-US"><head><title>claude.ai | ${status}: ${title}</title></head>` +
    `<body><div id="cf-error-details"><h1>${title}</h1><span class="code-label">Error code ${status}</span>` +
    "<p>The web server reported an error. Please try again in a few minutes.</p></div></body></html>"
  );
}

// A transient server error in the form each layer sends it: backend JSON, Cloudflare HTML, envoy text.
export function upstreamErrorReply(status: 500 | 502 | 503 | 504): Reply {
  switch (status) {
    case 500:
      return errorReply(500, "api_error", "Internal server error");
    case 502:
      return htmlReply(502, cloudflareErrorPage(502, "Bad gateway"));
    case 503:
      return {
        status,
        headers: { "content-type": "text/plain", ...edgeHeaders() },
        body: "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
      };
    case 504:
      return htmlReply(504, cloudflareErrorPage(504, "Gateway time-out"));
  }
}

export function redirectReply(location: string): Reply {
  return { status: 302, headers: { location, ...edgeHeaders() }, body: "" };
}

export function methodNotAllowedReply(): Reply {
  const reply = errorReply(405, "invalid_request_error", "Method Not Allowed");
  reply.headers.allow = "GET";
  return reply;
}

// An answer of bytes (file variants, sandbox downloads); streamed, never compressed.
export interface BytesReply {
  status: number;
  headers: Record<string, string>;
  payload: Payload;
}

// What a handler answers: JSON or HTML text, or bytes.
export type Answer = Reply | BytesReply;

export function isBytesReply(answer: Answer): answer is BytesReply {
  return "payload" in answer;
}

// Bytes from the backend: its request id and Cloudflare's headers; the type and length come from the
// payload when it is sent.
export function bytesReply(payload: Payload): BytesReply {
  return {
    status: 200,
    headers: {
      "request-id": newRequestId(),
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      "cf-cache-status": "MISS",
      ...edgeHeaders(),
    },
    payload,
  };
}

function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The web app's file viewer page, a 200 text/html that saw `/preview` answer instead of the image.
export function htmlViewerReply(title = "File preview"): Reply {
  const body =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${htmlEscape(title)} - Claude</title>` +
    '<link rel="stylesheet" href="/_next/static/css/app.css"></head><body><div id="root" data-viewer="file">' +
    '</div><script src="/_next/static/chunks/file-viewer.js" async></script></body></html>';
  return htmlReply(200, body, { "cache-control": "private, no-store" });
}
