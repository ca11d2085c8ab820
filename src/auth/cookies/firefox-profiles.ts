// The profiles of a Firefox-family browser: profiles.ini and installs.ini, or, when both are missing,
// the folders that hold a cookies.sqlite.
import { readFile } from "node:fs/promises";
import { basename, isAbsolute, join } from "node:path";
import { isFile, subfolders } from "./fs-probe.ts";

export interface FirefoxProfile {
  name: string; // Name= in profiles.ini, else the folder name
  dir: string;
}

// Lists the profiles under a browser's root folder (the one holding profiles.ini).
export async function listFirefoxProfiles(root: string): Promise<FirefoxProfile[]> {
  const profiles: FirefoxProfile[] = [];
  const add = (name: string, dir: string) => {
    if (!profiles.some((p) => p.dir === dir)) profiles.push({ name, dir });
  };
  for (const section of parseIni(await readText(join(root, "profiles.ini")))) {
    const path = section.values.get("Path");
    if (!section.name.startsWith("Profile") || !path) continue;
    const dir = section.values.get("IsRelative") === "0" || isAbsolute(path) ? path : join(root, path);
    add(section.values.get("Name") || basename(dir), dir);
  }
  // installs.ini names each installation's default profile; it may be missing from profiles.ini.
  for (const section of parseIni(await readText(join(root, "installs.ini")))) {
    const path = section.values.get("Default");
    if (path) add(basename(path), isAbsolute(path) ? path : join(root, path));
  }
  if (profiles.length > 0) return profiles;
  for (const parent of [root, join(root, "Profiles")]) {
    for (const entry of await subfolders(parent)) {
      const dir = join(parent, entry);
      if (await isFile(join(dir, "cookies.sqlite"))) add(entry, dir);
    }
  }
  return profiles;
}

// True when a profile answers to `wanted`: its Name= or its folder name, in any case.
export function firefoxProfileMatches(profile: FirefoxProfile, wanted: string): boolean {
  const w = wanted.toLowerCase();
  return profile.name.toLowerCase() === w || basename(profile.dir).toLowerCase() === w;
}

interface IniSection {
  name: string;
  values: Map<string, string>;
}

// A small INI reader: `[Section]` headers and `key=value` lines; comments and blanks are skipped.
export function parseIni(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      current = { name: header[1] ?? "", values: new Map() };
      sections.push(current);
      continue;
    }
    const eq = line.indexOf("=");
    if (current && eq > 0) current.values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return sections;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}
