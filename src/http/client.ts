import type { Sleep } from "../core/sleep.ts";
import { type ByteSink, receiveDownload } from "./download.ts";
import { interpretResponse, type JsonAnswer } from "./interpret.ts";
import type { Pacer } from "./pacer.ts";
import { redactedError } from "./redacted-error.ts";
import { type RetryInfo, type RetryPolicy, withRetry } from "./retry.ts";
import type { StreamTransport, Transport } from "./transport.ts";

// What the layers above see of HTTP: "GET this path as JSON", or "stream these bytes into a sink",
// politely and with retries.
export interface HttpClient {
  getJson(pathAndQuery: string, what: string): Promise<JsonAnswer>;
  // `target` is a path on claude.ai, or a URL: relative ones are resolved against the base URL, and a
  // URL on another host goes through the cookie-less transport (or is refused when there is none).
  download<T>(target: string, what: string, sink: ByteSink<T>): Promise<T>;
}

export interface HttpClientOptions {
  transport: Transport;
  baseUrl?: string; // what relative download targets resolve against (default: https://claude.ai)
  foreign?: StreamTransport; // for URLs on other hosts; never sends the session cookie
  pacer: Pacer; // the one the transports take their turns from: a 429 pauses it
  policy: RetryPolicy;
  sleep: Sleep;
  now: () => number;
  random: () => number;
  signal?: AbortSignal;
  secrets: readonly string[]; // redacted from every error message that passes through
  onRetry?: (info: RetryInfo & { what: string }) => void;
  onRequest?: (info: { path: string; status: number | "error"; ms: number }) => void;
}

// One try at a request (`again`: a retry, which goes ahead of the requests made after it), and a layer
// around it (as undici's interceptors wrap a dispatch).
type Attempt<T> = (again: boolean) => Promise<T>;

// Composes transport, response interpretation and retries: each is a wrapper, not a flag. The spacing
// of requests is the transports' (they ask the pacer as they write a request, connection-pool.ts).
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { transport, pacer, signal } = options;
  const base = new URL(options.baseUrl ?? "https://claude.ai");
  const basePrefix = base.pathname.replace(/\/+$/, "");

  // Transient failures are tried again with backoff; a 429 or a challenge pauses every request.
  const retried =
    <T>(what: string, attempt: Attempt<T>): (() => Promise<T>) =>
    () =>
      withRetry(attempt, {
        policy: options.policy,
        sleep: options.sleep,
        random: options.random,
        signal,
        pauseAll: (ms) => pacer.pauseFor(ms),
        onRetry: (info) => options.onRetry?.({ ...info, what }),
      });
  // Errors leave with the session key taken out of their text, as copies (see redacted-error.ts).
  const redacting =
    <T>(attempt: () => Promise<T>): (() => Promise<T>) =>
    async () => {
      try {
        return await attempt();
      } catch (error) {
        throw redactedError(error, options.secrets);
      }
    };
  // Sends, then hands the answer on; reports the status and the time of the whole attempt (its wait in
  // the connection pool's line for a free connection included).
  const timed =
    <R extends { status: number }, T>(
      path: string,
      send: (again: boolean) => Promise<R>,
      handle: (response: R) => Promise<T> | T,
    ): Attempt<T> =>
    async (again) => {
      const started = options.now();
      let status: number | "error" = "error";
      try {
        const response = await send(again);
        status = response.status;
        return await handle(response);
      } finally {
        options.onRequest?.({ path, status, ms: options.now() - started });
      }
    };
  const request = <T>(what: string, attempt: Attempt<T>): Promise<T> => redacting(retried(what, attempt))();

  return {
    getJson(pathAndQuery, what) {
      return request(
        what,
        timed(
          pathAndQuery,
          (again) => transport.get(pathAndQuery, signal, again),
          (response) => interpretResponse(response, what, options.now()),
        ),
      );
    },
    download(target, what, sink) {
      const url = new URL(target, base);
      const sameOrigin = url.origin === base.origin;
      const foreign = options.foreign;
      if (!sameOrigin && !foreign) {
        return Promise.reject(new TypeError(`refusing to fetch ${url.origin}: not claude.ai's origin`));
      }
      let path = `${url.pathname}${url.search}`;
      if (sameOrigin && basePrefix && path.startsWith(`${basePrefix}/`)) path = path.slice(basePrefix.length);
      const shown = sameOrigin ? path : `${url.origin}${url.pathname}`; // never a signature in the logs
      return request(
        what,
        timed(
          shown,
          (again) =>
            sameOrigin
              ? transport.stream(path, signal, again)
              : (foreign as StreamTransport).stream(url.href, signal, again),
          (response) => receiveDownload(response, what, sink, { nowMs: options.now(), foreign: !sameOrigin }),
        ),
      );
    },
  };
}
