// Why an attempt failed in a way that another attempt may fix.
export type TransientKind = "rate_limit" | "server" | "network" | "malformed" | "challenge";

// A failed attempt worth retrying. It never leaves the http layer: after the last retry it becomes one
// of the public errors in src/errors.ts.
export class TransientError extends Error {
  readonly kind: TransientKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(
    kind: TransientKind,
    message: string,
    options?: { status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = "TransientError";
    this.kind = kind;
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
  }
}
