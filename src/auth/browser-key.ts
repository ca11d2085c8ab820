// The session key from the person's browsers: the newest unexpired sessionKey cookie of claude.ai in
// the profiles searched (auth/session.ts loads this only when no key was given another way).
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { AuthError } from "../core/errors.ts";
import { searchBrowsers } from "./browser-search.ts";
import type { BrowserSelection, Place } from "./browsers.ts";
import { loadSqlite } from "./cookies/sqlite-copy.ts";
import { createSystemKeyStores } from "./key-stores.ts";
import { notFoundMessage } from "./not-found.ts";
import type { FindSessionKeyOptions, SessionKey } from "./session.ts";

export async function findInBrowsers(
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
