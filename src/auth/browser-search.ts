// Looks through every installed browser and profile for claude.ai's sessionKey cookie and records what
// each one gave, so the caller can pick the newest key or explain why there is none.
import { basename } from "node:path";
import {
  BROWSERS,
  type Browser,
  type BrowserRoot,
  type BrowserSelection,
  browserLabel,
  type Place,
} from "./browsers.ts";
import { readChromiumProfile } from "./cookies/chromium.ts";
import { createChromiumDecryptor } from "./cookies/chromium-keys.ts";
import { chromiumProfileMatches, listChromiumProfiles } from "./cookies/chromium-profiles.ts";
import { readFirefoxProfile } from "./cookies/firefox.ts";
import { firefoxProfileMatches, listFirefoxProfiles } from "./cookies/firefox-profiles.ts";
import { pathExists } from "./cookies/fs-probe.ts";
import type { ProfileReading } from "./cookies/reading.ts";
import type { SqliteModule } from "./cookies/sqlite-copy.ts";
import type { KeyStores } from "./key-stores.ts";

// One profile (or a browser folder without usable profiles) and what reading it gave.
export interface ProfileAttempt {
  source: string; // "Firefox profile default-release"
  refreshHint: string;
  reading: ProfileReading;
}

export interface SearchResult {
  attempts: ProfileAttempt[];
  notInstalled: { name: string; dirs: string[]; selected: boolean }[];
}

// Reads every profile of the selected browser (or of all browsers), one after another, so that at most
// one keychain or keyring prompt is on screen at a time.
export async function searchBrowsers(options: {
  place: Place;
  selection: BrowserSelection | undefined;
  keyStores: KeyStores;
  sqlite: SqliteModule;
}): Promise<SearchResult> {
  const { place, selection } = options;
  const result: SearchResult = { attempts: [], notInstalled: [] };
  const browsers = selection ? [selection.browser] : BROWSERS;
  for (const browser of browsers) {
    const roots = browser.roots(place);
    let installed = false;
    for (const root of roots) {
      if (!(await pathExists(root.dir))) continue;
      installed = true;
      result.attempts.push(...(await searchRoot(browser, root, selection?.profile, options)));
    }
    if (!installed) {
      result.notInstalled.push({ name: browser.name, dirs: roots.map((r) => r.dir), selected: !!selection });
    }
  }
  return result;
}

async function searchRoot(
  browser: Browser,
  root: BrowserRoot,
  wanted: string | undefined,
  options: { place: Place; keyStores: KeyStores; sqlite: SqliteModule },
): Promise<ProfileAttempt[]> {
  const label = browserLabel(browser, root);
  const attempts: ProfileAttempt[] = [];
  const whole = (problem: string): ProfileAttempt[] => [
    { source: label, refreshHint: hint(label, undefined), reading: { hits: [], problems: [problem] } },
  ];
  if (browser.kind === "firefox") {
    const all = await listFirefoxProfiles(root.dir);
    const profiles = wanted === undefined ? all : all.filter((p) => firefoxProfileMatches(p, wanted));
    if (profiles.length === 0)
      return whole(
        noProfiles(
          root.dir,
          wanted,
          all.map((p) => p.name),
        ),
      );
    for (const profile of profiles) {
      const reading = await readFirefoxProfile(options.sqlite, profile.dir);
      const name = profile.name || basename(profile.dir);
      attempts.push({ source: `${label} profile ${name}`, refreshHint: hint(label, name), reading });
    }
    return attempts;
  }
  const all = await listChromiumProfiles(root.dir);
  const profiles = wanted === undefined ? all : all.filter((p) => chromiumProfileMatches(p, wanted));
  if (profiles.length === 0)
    return whole(
      noProfiles(
        root.dir,
        wanted,
        all.map((p) => p.folder),
      ),
    );
  const decryptor = createChromiumDecryptor({
    platform: options.place.platform,
    browser,
    root: root.dir,
    keyStores: options.keyStores,
  });
  for (const profile of profiles) {
    const reading = await readChromiumProfile(options.sqlite, profile.dir, decryptor);
    const name = profile.displayName ? `${profile.folder} (${profile.displayName})` : profile.folder;
    attempts.push({ source: `${label} profile ${name}`, refreshHint: hint(label, name), reading });
  }
  return attempts;
}

function noProfiles(dir: string, wanted: string | undefined, found: string[]): string {
  if (wanted === undefined) return `no profiles in ${dir}`;
  const known = found.length > 0 ? `; its profiles: ${found.join(", ")}` : "";
  return `no profile named ${JSON.stringify(wanted)} in ${dir}${known}`;
}

function hint(label: string, profile: string | undefined): string {
  const where = profile === undefined ? label : `${label} (profile ${profile})`;
  return `Log in to claude.ai in ${where} again, then rerun.`;
}
