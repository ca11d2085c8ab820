import { redact } from "../core/errors.ts";
import type { Sleep } from "../core/sleep.ts";
import { interpretResponse, type JsonAnswer } from "./interpret.ts";
import type { Pacer } from "./pacer.ts";
import { type RetryInfo, type RetryPolicy, withRetry } from "./retry.ts";
import type { Transport } from "./transport.ts";

// What the layers above see of HTTP: "GET this path as JSON", politely and with retries.
export interface HttpClient {
  getJson(pathAndQuery: string, what: string): Promise<JsonAnswer>;
}

export interface HttpClientOptions {
  transport: Transport;
  pacer: Pacer;
  policy: RetryPolicy;
  sleep: Sleep;
  now: () => number;
  random: () => number;
  signal?: AbortSignal;
  secrets: readonly string[]; // redacted from every error message that passes through
  onRetry?: (info: RetryInfo & { what: string }) => void;
  onRequest?: (info: { path: string; status: number | "error"; ms: number }) => void;
}

// Composes transport, pacing, response interpretation and retries: each is a wrapper, not a flag.
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { transport, pacer, signal } = options;
  return {
    async getJson(pathAndQuery, what) {
      try {
        return await withRetry(
          async () => {
            await pacer.turn(signal);
            const started = options.now();
            let status: number | "error" = "error";
            try {
              const response = await transport.get(pathAndQuery, signal);
              status = response.status;
              return interpretResponse(response, what, options.now());
            } finally {
              options.onRequest?.({ path: pathAndQuery, status, ms: options.now() - started });
            }
          },
          {
            policy: options.policy,
            sleep: options.sleep,
            random: options.random,
            signal,
            pauseAll: (ms) => pacer.pauseFor(ms),
            onRetry: (info) => options.onRetry?.({ ...info, what }),
          },
        );
      } catch (error) {
        if (error instanceof Error) error.message = redact(error.message, options.secrets);
        throw error;
      }
    },
  };
}
