// Finds the claude.ai session key: --session-key-file (or standard input), then CLAUDE_SESSION_KEY,
// then the newest unexpired sessionKey cookie in the person's browsers.
import { UsageError } from "../core/errors.ts";
import { parseBrowserOption } from "./browsers.ts";
import type { KeyStores } from "./key-stores.ts";
import { keyFromVariable, readKeyFile } from "./manual-key.ts";

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
  // The browser search (cookie stores, keyrings, crypto: 11 modules) is loaded only when it is needed:
  // a scheduled backup with its key in the variable or a file starts 15–20 ms sooner without it.
  const { findInBrowsers } = await import("./browser-key.ts");
  return findInBrowsers(options, selection);
}
