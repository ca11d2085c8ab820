// The profiles of a Chromium-family browser: `Default` and `Profile N` folders (with the names the
// person gave them, from `Local State`), or the root folder itself for Opera's one-profile layout.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isRecord } from "../../core/guards.ts";
import { pathExists, subfolders } from "./fs-probe.ts";

export interface ChromiumProfile {
  folder: string; // "Default", "Profile 1"
  displayName: string | undefined; // the name shown in the browser ("Work"), when it differs
  dir: string;
}

// Cookie database locations inside a profile: Chromium ≥ 96 moved it into Network/.
const COOKIE_DB_PATHS = [join("Network", "Cookies"), "Cookies"];
const PROFILE_FOLDER = /^(Default|Profile \d+)$/;

// Reads `<root>/Local State` as JSON; undefined when missing or unreadable.
export async function readLocalState(root: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(root, "Local State"), "utf8"));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// Lists the profiles under a browser's user-data folder.
export async function listChromiumProfiles(root: string): Promise<ChromiumProfile[]> {
  const names = profileNames(await readLocalState(root));
  const folders = new Set((await subfolders(root)).filter((f) => PROFILE_FOLDER.test(f)));
  for (const folder of names.keys()) {
    if (await pathExists(join(root, folder))) folders.add(folder);
  }
  const profiles = [...folders].sort(byProfileOrder).map((folder) => {
    const display = names.get(folder);
    return {
      folder,
      displayName: display && display !== folder ? display : undefined,
      dir: join(root, folder),
    };
  });
  // Opera: the root folder is the profile.
  if (profiles.length === 0 && (await findCookieDb(root))) {
    profiles.push({ folder: "Default", displayName: undefined, dir: root });
  }
  return profiles;
}

// The profile's cookie database path, or undefined when it has none.
export async function findCookieDb(profileDir: string): Promise<string | undefined> {
  for (const relative of COOKIE_DB_PATHS) {
    const path = join(profileDir, relative);
    if (await pathExists(path)) return path;
  }
  return undefined;
}

// True when a profile answers to `wanted`: its folder or its display name, in any case.
export function chromiumProfileMatches(profile: ChromiumProfile, wanted: string): boolean {
  const w = wanted.toLowerCase();
  return profile.folder.toLowerCase() === w || profile.displayName?.toLowerCase() === w;
}

// `profile.info_cache` in Local State: folder name → the name shown to the person.
function profileNames(localState: Record<string, unknown> | undefined): Map<string, string> {
  const names = new Map<string, string>();
  const profile = localState?.profile;
  const cache = isRecord(profile) ? profile.info_cache : undefined;
  if (!isRecord(cache)) return names;
  for (const [folder, info] of Object.entries(cache)) {
    // A folder name from the file must not lead outside the root.
    if (folder.includes("/") || folder.includes("\\") || folder === "." || folder === "..") continue;
    const name = isRecord(info) && typeof info.name === "string" ? info.name : folder;
    names.set(folder, name);
  }
  return names;
}

// Default first, then Profile 1, 2, … 10 in number order, then anything else by name.
function byProfileOrder(a: string, b: string): number {
  const rank = (f: string) => (f === "Default" ? -1 : Number(/^Profile (\d+)$/.exec(f)?.[1] ?? Infinity));
  const diff = rank(a) - rank(b);
  return Number.isNaN(diff) || diff === 0 ? a.localeCompare(b) : diff;
}
