// The few named errors of claude-backup. Lower layers throw them; only src/main.ts turns them into a
// one-line message and an exit code (see EXIT_CODES and the README's exit-code table).

// Exit codes, one per failure class, so that cron jobs and scripts can tell them apart.
export const EXIT_CODES = {
  ok: 0,
  internal: 1, // a bug: an error we did not expect
  usage: 2, // bad command line
  noSessionKey: 3, // no session key could be found anywhere
  sessionRejected: 4, // claude.ai says the session key is invalid or expired
  blocked: 5, // Cloudflare challenge, VPN block, or an unexpected redirect
  serverUnavailable: 6, // claude.ai kept refusing (429/5xx/network) after all retries
  badResponse: 7, // claude.ai answered with something we cannot understand (API changed?)
  partial: 8, // the run finished, but some chats could not be saved (they are retried next run)
  storage: 9, // the backup folder cannot be written (disk full, permissions)
  locked: 10, // another claude-backup is writing the same folder
  nodeTooOld: 11, // this Node.js is older than the tool supports
  importInvalid: 12, // `import` was given something that is not a claude.ai export (or a damaged one)
  notClaudeApi: 13, // the account answered 404/403 "for organization": not claude.ai's API (wrong base URL?)
  damaged: 14, // `verify` found problems in the backup folder (listed on stdout)
  accountRefused: 15, // claude.ai says the account itself is missing permissions (JSON 403)
  interrupted: 130, // stopped by Ctrl-C or SIGTERM; the next run resumes
} as const;

export type ErrorCode =
  | "USAGE"
  | "NO_SESSION_KEY"
  | "SESSION_REJECTED"
  | "BLOCKED"
  | "REDIRECTED"
  | "RATE_LIMITED"
  | "SERVER_UNAVAILABLE"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "BAD_RESPONSE"
  | "STORAGE"
  | "LOCKED"
  | "INTERRUPTED"
  | "IMPORT_INVALID"
  | "NOT_CLAUDE_API"
  | "ACCOUNT_REFUSED";

// Base class: a stable `code`, the exit code the CLI should use, and an optional `cause`.
export class BackupError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  constructor(code: ErrorCode, exitCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.exitCode = exitCode;
    Object.defineProperty(this, "name", { value: new.target.name, enumerable: false });
  }
}

// The command line was wrong (bad option value, unknown flag).
export class UsageError extends BackupError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("USAGE", EXIT_CODES.usage, message, options);
  }
}

// No key found, or claude.ai rejected the key (`account_session_invalid`).
export class AuthError extends BackupError {
  constructor(code: "NO_SESSION_KEY" | "SESSION_REJECTED", message: string, options?: { cause?: unknown }) {
    super(
      code,
      code === "NO_SESSION_KEY" ? EXIT_CODES.noSessionKey : EXIT_CODES.sessionRejected,
      message,
      options,
    );
  }
}

// Cloudflare challenge / HTML 403 / redirect: a person has to do something, retrying will not help.
export class BlockedError extends BackupError {
  constructor(code: "BLOCKED" | "REDIRECTED", message: string, options?: { cause?: unknown }) {
    super(code, EXIT_CODES.blocked, message, options);
  }
}

// claude.ai answered a JSON 403 "Missing permissions. Please check with Anthropic support…"
// (docs/claude-api.md §8.1): the key was accepted and the network is not blocked, but the account may
// not do this. Neither another network nor a new key helps, and retrying does not either.
export class AccountRefusedError extends BackupError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ACCOUNT_REFUSED", EXIT_CODES.accountRefused, message, options);
  }
}

// An HTTP-level failure that is not auth or blocking: 404, 403 for one organization, 429/5xx after
// all retries, or a body that is not the JSON we expect.
export class ApiError extends BackupError {
  readonly status: number | undefined;
  readonly url: string | undefined;
  constructor(
    code: "NOT_FOUND" | "FORBIDDEN" | "RATE_LIMITED" | "SERVER_UNAVAILABLE" | "BAD_RESPONSE",
    message: string,
    options?: { cause?: unknown; status?: number; url?: string },
  ) {
    const exit =
      code === "BAD_RESPONSE"
        ? EXIT_CODES.badResponse
        : code === "RATE_LIMITED" || code === "SERVER_UNAVAILABLE"
          ? EXIT_CODES.serverUnavailable
          : EXIT_CODES.internal;
    super(code, exit, message, options);
    this.status = options?.status;
    this.url = options?.url;
  }
}

// The very first request, the account, was answered as if the server were not claude.ai's API: a 404,
// or a 403 "for organization" where no organization was named. Usually a wrong CLAUDE_BACKUP_BASE_URL.
export class NotClaudeApiError extends BackupError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("NOT_CLAUDE_API", EXIT_CODES.notClaudeApi, message, options);
  }
}

// The backup folder could not be read or written.
export class StoreError extends BackupError {
  constructor(code: "STORAGE" | "LOCKED", message: string, options?: { cause?: unknown }) {
    super(code, code === "LOCKED" ? EXIT_CODES.locked : EXIT_CODES.storage, message, options);
  }
}

// `import` was given a path that is missing, or is not (or no longer) a claude.ai export: a truncated
// zip, a zip or folder without export files, JSON that is not a list of conversations.
export class ImportError extends BackupError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("IMPORT_INVALID", EXIT_CODES.importInvalid, message, options);
  }
}

// The run was stopped by a signal; everything saved so far is kept and the next run resumes.
export class InterruptedError extends BackupError {
  constructor(message = "interrupted") {
    super("INTERRUPTED", EXIT_CODES.interrupted, message);
  }
}

// Replaces every occurrence of each secret in a string, so a key can never leak through a message.
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}
