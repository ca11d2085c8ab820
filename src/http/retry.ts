import { ApiError, BlockedError } from "../core/errors.ts";
import type { Sleep } from "../core/sleep.ts";
import { TransientError } from "./transient-error.ts";

// How patient to be with a server that fails. Delays are in milliseconds.
export interface RetryPolicy {
  retries: number; // further attempts after the first (the original tool's --retries, default 10)
  minDelayMs: number; // first backoff (--min-retry-delay, default 1 s)
  maxDelayMs: number; // backoff cap (--max-retry-delay, default 60 s)
}

// Cloudflare challenges are not cured by hammering: two short waits, then stop and explain.
export const CHALLENGE_RETRIES = 2;
// A Retry-After longer than this is not waited out inside a run; we stop and say when to come back.
export const LONGEST_RETRY_AFTER_MS = 15 * 60_000;

export interface RetryInfo {
  attempt: number; // 1 for the first retry
  delayMs: number;
  reason: string;
  kind: TransientError["kind"];
}

export interface RetryContext {
  policy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  // Holds every request, the one retried too, for a delay (a 429 or a challenge is about the client,
  // not one request); without it, the retry itself waits.
  pauseAll?: (ms: number) => void;
}

// Exponential backoff with "equal jitter": half fixed, half random, so that parallel workers spread out
// but never retry sooner than half the exponential step. Attempt is 1-based.
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1));
  return Math.max(policy.minDelayMs, Math.min(policy.maxDelayMs, step / 2 + (random() * step) / 2));
}

// Runs `attempt` until it succeeds, retrying TransientErrors with backoff (honouring Retry-After).
// Every other error passes through at once: auth failures, 404s and blocks are not worth retrying.
// `again` tells the attempt it is a retry.
export async function withRetry<T>(
  attempt: (again: boolean) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  const { policy } = context;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt(tries > 0);
    } catch (error) {
      const transient = asTransient(error, context.signal);
      if (!transient) throw error;
      const limit =
        transient.kind === "challenge" ? Math.min(CHALLENGE_RETRIES, policy.retries) : policy.retries;
      if (tries >= limit) throw giveUp(transient, tries + 1);
      const retryAfter = transient.retryAfterMs;
      if (retryAfter !== undefined && retryAfter > LONGEST_RETRY_AFTER_MS) throw giveUp(transient, tries + 1);
      const delayMs = retryAfter ?? backoffDelay(tries + 1, policy, context.random);
      context.onRetry?.({ attempt: tries + 1, delayMs, reason: transient.message, kind: transient.kind });
      // A 429 or a challenge holds everyone back: the pause is the transports', which keep every
      // request (this one again, ahead of those that came after it) until it is over. Sleeping here
      // as well would race the pause's end, and the requests waiting in line would go first.
      const everyone = transient.kind === "rate_limit" || transient.kind === "challenge";
      if (everyone && context.pauseAll) context.pauseAll(delayMs);
      else await context.sleep(delayMs, context.signal);
    }
  }
}

// Network failures (resets, timeouts, refused connections) are transient; an abort is not.
function asTransient(error: unknown, signal: AbortSignal | undefined): TransientError | undefined {
  if (error instanceof TransientError) return error;
  if (signal?.aborted) return undefined;
  if (error instanceof Error && isNetworkError(error)) {
    return new TransientError("network", `network error: ${describeNetworkError(error)}`, { cause: error });
  }
  return undefined;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

function isNetworkError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && NETWORK_CODES.has(code);
}

function describeNetworkError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code} (${error.message})` : error.message;
}

// The error a caller sees once retrying is over.
function giveUp(last: TransientError, attempts: number): Error {
  const tried = `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
  switch (last.kind) {
    case "challenge":
      return new BlockedError(
        "BLOCKED",
        `claude.ai answered with a Cloudflare challenge ("Just a moment...") ${tried}: it does not trust this network or client right now. Try again later from a normal (non-VPN) connection, or with fewer connections (-c 2)`,
        { cause: last },
      );
    case "rate_limit":
      return new ApiError(
        "RATE_LIMITED",
        last.retryAfterMs !== undefined && last.retryAfterMs > LONGEST_RETRY_AFTER_MS
          ? `claude.ai asks to wait ${Math.ceil(last.retryAfterMs / 60_000)} minutes (HTTP 429); run again later`
          : `claude.ai kept rate-limiting requests (HTTP 429) ${tried}; run again later or with fewer connections (-c) and a longer delay (-s)`,
        { cause: last, status: 429 },
      );
    case "malformed":
      return new ApiError("BAD_RESPONSE", `${last.message} ${tried}`, { cause: last });
    default:
      return new ApiError("SERVER_UNAVAILABLE", `${last.message} ${tried}`, {
        cause: last,
        status: last.status,
      });
  }
}
