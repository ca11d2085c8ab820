// Finds the claude.ai session key: --session-key-file (or standard input), then CLAUDE_SESSION_KEY,
// then the newest unexpired sessionKey cookie in the person's browsers.
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { AuthError, UsageError } from "../core/errors.ts";
import { searchBrowsers } from "./browser-search.ts";
import { type BrowserSelection, type Place, parseBrowserOption } from "./browsers.ts";
import { loadSqlite } from "./cookies/sqlite-copy.ts";
import { createSystemKeyStores, type KeyStores } from "./key-stores.ts";
import { keyFromVariable, readKeyFile } from "./manual-key.ts";
import { notFoundMessage } from "./not-found.ts";

export type { KeyStores, LinuxKeyringNames } from "./key-stores.ts";

import type { SessionKey } from "./session-key.ts";

export type { SessionKey } from "./session-key.ts";

export interface FindSessionKeyOptions {
  keyFile?: string; // --session-key-file PATH, or "-" for standard input
  env: Readonly<Record<string, string | undefined>>; // CLAUDE_SESSION_KEY, and the folders below
  browser?: string; // --browser NAME[:PROFILE]
  stdin?: NodeJS.ReadableStream;
  platform?: NodeJS.Platform; // default process.platform
  home?: string; // default os.homedir()
  appData?: { roaming?: string; local?: string }; // Windows %APPDATA%, %LOCALAPPDATA% (default from env)
  keyStores?: KeyStores; // default: the system's, through its own tools
  now?: () => Date;
}

// Returns the key and where it came from. An explicit --browser wins over CLAUDE_SESSION_KEY (a
// command-line choice beats the environment); together with --session-key-file it is a UsageError.
export async function findSessionKey(options: FindSessionKeyOptions): Promise<SessionKey> {
  const selection = options.browser === undefined ? undefined : parseBrowserOption(options.browser);
  if (options.keyFile !== undefined) {
    if (selection) throw new UsageError("--session-key-file and --browser cannot be used together");
    return readKeyFile(options.keyFile, options.stdin ?? process.stdin);
  }
  const variable = options.env.CLAUDE_SESSION_KEY;
  if (variable !== undefined && !selection) return keyFromVariable(variable);
  return findInBrowsers(options, selection);
}

async function findInBrowsers(
  options: FindSessionKeyOptions,
  selection: BrowserSelection | undefined,
): Promise<SessionKey> {
  const sqlite = await loadSqlite();
  const search = await searchBrowsers({
    place: placeFrom(options),
    selection,
    keyStores: options.keyStores ?? createSystemKeyStores({ env: options.env }),
    sqlite,
  });
  const nowMs = (options.now?.() ?? new Date()).getTime();
  let best: (SessionKey & { updatedMs: number }) | undefined;
  for (const attempt of search.attempts) {
    for (const hit of attempt.reading.hits) {
      const live = hit.expiresMs === undefined || hit.expiresMs > nowMs;
      if (live && (!best || hit.updatedMs > best.updatedMs)) {
        best = {
          key: hit.key,
          source: attempt.source,
          refreshHint: attempt.refreshHint,
          updatedMs: hit.updatedMs,
        };
      }
    }
  }
  if (!best) throw new AuthError("NO_SESSION_KEY", notFoundMessage(search, nowMs));
  return { key: best.key, source: best.source, refreshHint: best.refreshHint };
}

function placeFrom(options: FindSessionKeyOptions): Place {
  const home = options.home ?? homedir();
  const env = options.env;
  const xdg = env.XDG_CONFIG_HOME;
  return {
    platform: options.platform ?? process.platform,
    home,
    roaming: options.appData?.roaming ?? env.APPDATA ?? join(home, "AppData", "Roaming"),
    local: options.appData?.local ?? env.LOCALAPPDATA ?? join(home, "AppData", "Local"),
    // The XDG spec says to ignore a relative value.
    xdgConfig: xdg && isAbsolute(xdg) ? xdg : join(home, ".config"),
  };
}
