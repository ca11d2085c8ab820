import { AccountRefusedError, ApiError, AuthError, BlockedError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { TransientError } from "./transient-error.ts";
import type { RawResponse } from "./transport.ts";

// A successful answer: the exact bytes as served (what the backup stores) and their parsed JSON.
export interface JsonAnswer {
  body: Buffer;
  json: unknown;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

// Turns one HTTP answer into JSON, or throws the error that says what to do about it. docs/claude-api.md §8:
// a JSON 403 `account_session_invalid` is an expired key; an HTML 403 is Cloudflare; 429/5xx are
// worth retrying; a 3xx is never followed.
export function interpretResponse(response: RawResponse, what: string, nowMs: number): JsonAnswer {
  const { status, headers } = response;
  if (status >= 200 && status < 300) return { body: response.body, json: parseJsonBody(response, what) };
  if (status >= 300 && status < 400) {
    throw new BlockedError(
      "REDIRECTED",
      `${what}: claude.ai answered ${status} redirecting to ${headers.location ?? "(nowhere)"} instead of data; this usually means the session key was refused or a login/challenge page was served`,
    );
  }
  if (isChallenge(response)) {
    throw new TransientError("challenge", `${what}: Cloudflare challenge (HTTP ${status})`, { status });
  }
  const error = errorEnvelope(response);
  if (status === 401 || (status === 403 && isSessionInvalid(error))) {
    throw new AuthError(
      "SESSION_REJECTED",
      "claude.ai rejected the session key: it is invalid or has expired",
    );
  }
  if (status === 403 && /for organization/i.test(error?.message ?? "")) {
    throw new ApiError("FORBIDDEN", `${what}: ${error?.message ?? "forbidden"} (HTTP 403)`, { status });
  }
  if (status === 403 && isMissingPermissions(error)) {
    throw new AccountRefusedError(
      `${what}: claude.ai says this account is missing permissions (HTTP 403: ${error?.message ?? ""}); the session key was accepted and the network is not blocked. Sign in at claude.ai in a browser: if the account is refused there too, ask Anthropic support`,
    );
  }
  if (status === 403) {
    throw new BlockedError(
      "BLOCKED",
      `${what}: claude.ai refused the request (HTTP 403${error?.message ? `: ${error.message}` : ""}); this happens from VPNs and some regions`,
    );
  }
  if (status === 404) throw new ApiError("NOT_FOUND", `${what}: not found (HTTP 404)`, { status });
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers["retry-after"], nowMs);
    throw new TransientError("rate_limit", `${what}: rate limited (HTTP 429)`, { status, retryAfterMs });
  }
  if (status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(headers["retry-after"], nowMs);
    throw new TransientError("server", `${what}: server error (HTTP ${status})`, { status, retryAfterMs });
  }
  throw new ApiError(
    "BAD_RESPONSE",
    `${what}: unexpected HTTP ${status}${error?.message ? ` (${error.message})` : ""}; claude.ai's API may have changed`,
    { status },
  );
}

function parseJsonBody(response: RawResponse, what: string): unknown {
  const declared = response.headers["content-length"];
  if (declared !== undefined && Number(declared) !== response.body.length) {
    throw new TransientError(
      "malformed",
      `${what}: body cut short (${response.body.length} of ${declared} bytes)`,
    );
  }
  try {
    return JSON.parse(utf8.decode(response.body));
  } catch (cause) {
    const type = response.headers["content-type"] ?? "no content type";
    throw new TransientError("malformed", `${what}: the answer is not valid JSON (${type})`, { cause });
  }
}

// Cloudflare's interstitial: `cf-mitigated: challenge`, or any HTML page where JSON was expected.
function isChallenge(response: RawResponse): boolean {
  if (response.headers["cf-mitigated"] === "challenge") return true;
  const type = response.headers["content-type"] ?? "";
  return (response.status === 403 || response.status === 503) && /text\/html/i.test(type);
}

interface ErrorEnvelope {
  type?: string;
  message?: string;
  errorCode?: string;
}

// Reads claude.ai's `{"type":"error","error":{type,message,details:{error_code}}}` envelope, if any.
function errorEnvelope(response: RawResponse): ErrorEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isRecord(parsed.error)) return undefined;
  const { type, message, details } = parsed.error;
  return {
    type: typeof type === "string" ? type : undefined,
    message: typeof message === "string" ? message : undefined,
    errorCode: isRecord(details) && typeof details.error_code === "string" ? details.error_code : undefined,
  };
}

// Only the start of the message is known ("Missing permissions. Please check with Anthropic support…").
function isMissingPermissions(error: ErrorEnvelope | undefined): boolean {
  return error?.type === "permission_error" && /^missing permissions\b/i.test(error.message ?? "");
}

function isSessionInvalid(error: ErrorEnvelope | undefined): boolean {
  if (!error) return false;
  if (error.errorCode === "account_session_invalid") return true;
  // Bodies from before 2024 had no details, only this message (docs/claude-api.md §8.1).
  return error.type === "permission_error" && error.message === "Invalid authorization";
}
