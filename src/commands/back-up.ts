import { createClaudeApi } from "../api/claude-api.ts";
import { createFilesApi } from "../api/files.ts";
import { createProjectsApi } from "../api/projects.ts";
import { findSessionKey } from "../auth/session.ts";
import { AuthError, BackupError, EXIT_CODES, UsageError } from "../core/errors.ts";
import { realSleep } from "../core/sleep.ts";
import { allowTurbofan } from "../core/turbofan.ts";
import { ensureDir } from "../disk/atomic-write.ts";
import { createHttpClient } from "../http/client.ts";
import { createForeignTransport } from "../http/foreign-transport.ts";
import { createPacer } from "../http/pacer.ts";
import { proxyFor, proxySecrets, proxySettingsFrom, redactProxyCredentials } from "../http/proxy-settings.ts";
import { createTransport } from "../http/transport.ts";
import { browserUserAgent } from "../http/user-agent.ts";
import { migrateStore } from "../store/format-version.ts";
import { acquireLock, type Lock } from "../store/lock.ts";
import type { SyncSummary } from "../sync/events.ts";
import { runSync } from "../sync/run.ts";
import { createReporter } from "../ui/reporter.ts";
import { resolveBackupDir } from "./backup-dir.ts";
import type { CommandIo } from "./io.ts";
import type { SyncCommandOptions } from "./sync-options.ts";

// Seconds without a byte from claude.ai before a request counts as failed (and is retried).
const REQUEST_TIMEOUT_MS = 60_000;

// The backup itself, once the command line is parsed (commands/sync.ts loads this module only then,
// so `--help` does not load the HTTP client, the browser cookie readers and the sync). Returns the
// exit code.
export async function backUp(io: CommandIo, options: SyncCommandOptions): Promise<number> {
  const mode = options.quiet ? "quiet" : options.verbose ? "verbose" : options.json ? "json" : "normal";
  const live = io.stderr.isTTY === true && !io.env.CI && io.env.TERM !== "dumb";
  const reporter = createReporter({ stdout: io.stdout, stderr: io.stderr, mode, live });
  const root = resolveBackupDir(options.backupDir, io.env);
  const baseUrl = checkedBaseUrl(io.env.CLAUDE_BACKUP_BASE_URL);
  const proxy = proxySettingsFrom(io.env);
  for (const secret of proxySecrets(proxy)) io.secrets.add(secret);
  const session = await findSessionKey({
    keyFile: options.sessionKeyFile,
    env: io.env,
    browser: options.browser,
    stdin: io.stdin,
    // The home of the environment the command was given (a test's temp HOME), not the process's.
    home: io.env.HOME || io.env.USERPROFILE || undefined,
  });
  io.secrets.add(session.key);
  // Which browser profile was used is worth saying; a key the user passed in is not.
  if (
    !["CLAUDE_SESSION_KEY", "--session-key-file", "standard input"].some((s) => session.source.startsWith(s))
  ) {
    reporter.info(`using the session key from ${session.source}`);
  }

  const via = proxyFor(new URL(baseUrl), proxy);
  if (via && options.verbose) {
    reporter.info(`through the proxy ${redactProxyCredentials(via.url)} (from ${via.variable})`);
  }
  let lock: Lock | undefined;
  if (!options.dryRun) {
    await ensureDir(root);
    lock = await acquireLock(root);
  }
  const now = () => Date.now();
  // One pacer for every host: the spacing is between any two requests the run sends.
  const pacer = createPacer({ spacingMs: options.successDelay * 1000, now });
  const transport = createTransport({
    baseUrl,
    connections: options.connections,
    headers: {
      cookie: `sessionKey=${session.key}`,
      "user-agent": browserUserAgent(process.platform),
      accept: "application/json",
      "accept-language": "en-US,en;q=0.9",
    },
    timeoutMs: REQUEST_TIMEOUT_MS,
    proxy,
    pacer,
  });
  // URLs on other hosts (signed file links) go through their own pools, never with the cookie.
  const foreign = createForeignTransport({
    connections: options.connections,
    headers: { "user-agent": browserUserAgent(process.platform), accept: "*/*" },
    timeoutMs: REQUEST_TIMEOUT_MS,
    proxy,
    pacer,
  });
  const requests = new AbortController();
  const http = createHttpClient({
    transport,
    baseUrl,
    foreign,
    pacer,
    policy: {
      retries: options.retries,
      minDelayMs: options.minRetryDelay * 1000,
      maxDelayMs: options.maxRetryDelay * 1000,
    },
    sleep: realSleep,
    now,
    random: Math.random,
    signal: requests.signal,
    secrets: [session.key, ...proxySecrets(proxy)],
    onRetry: (info) => reporter.retry(info),
    onRequest: (info) => reporter.request(info),
  });
  let summary: SyncSummary;
  try {
    if (!options.dryRun) await migrateStore(root);
    summary = await runSync({
      root,
      api: createClaudeApi(http),
      connections: options.connections,
      events: reporter,
      signal: io.signal,
      abortRequests: () => requests.abort(),
      dryRun: options.dryRun,
      ignoreCache: options.ignoreCache,
      fullScan: options.fullScan,
      files: createFilesApi(http),
      projects: createProjectsApi(http),
      withFiles: options.files,
      withProjects: options.projects,
    });
  } catch (error) {
    const partial = (error as { summary?: SyncSummary }).summary;
    if (partial) reporter.summary(partial, { error: error instanceof BackupError ? error.code : "INTERNAL" });
    if (error instanceof AuthError && error.code === "SESSION_REJECTED") {
      throw new AuthError(
        "SESSION_REJECTED",
        `claude.ai rejected the session key from ${session.source}: it is invalid or has expired. ${session.refreshHint}`,
      );
    }
    throw error;
  } finally {
    reporter.close();
    await transport.close();
    await foreign.close();
    await lock?.release();
  }
  if (options.dryRun) {
    if (options.json) reporter.summary(summary, { dryRun: true, backupDir: root });
    else reporter.info(`dry run: ${summary.left} chats would be fetched; nothing was written`);
    return EXIT_CODES.ok;
  }
  reporter.summary(summary, { backupDir: root });
  const code = summary.failed > 0 || summary.left > 0 ? EXIT_CODES.partial : EXIT_CODES.ok;
  // --render: the changed chats as Markdown, as `claude-backup render` would (progress on stderr).
  if (options.render) {
    allowTurbofan(); // rendering computes, where TurboFan pays (core/turbofan.ts)
    const render = await import("./render.ts");
    const quiet = options.quiet || options.json ? ["--quiet"] : [];
    const rendered = await render.run({ ...io, argv: ["--dir", root, ...quiet], stdout: io.stderr });
    return code === EXIT_CODES.ok ? rendered : code;
  }
  return code;
}

function checkedBaseUrl(value: string | undefined): string {
  const url = value?.trim() || "https://claude.ai";
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return url;
  } catch {
    // fall through
  }
  throw new UsageError(`CLAUDE_BACKUP_BASE_URL must be an http(s) URL, got "${url}"`);
}
