// The browsers we read the session key from, where each keeps its profiles on each system, and the
// `--browser NAME[:PROFILE]` option that picks one of them.
import { join } from "node:path";
import { UsageError } from "../core/errors.ts";
import type { LinuxKeyringNames } from "./key-stores.ts";

// The folders a search starts from.
export interface Place {
  platform: NodeJS.Platform;
  home: string;
  roaming: string; // Windows %APPDATA%
  local: string; // Windows %LOCALAPPDATA%
  xdgConfig: string; // Linux $XDG_CONFIG_HOME or ~/.config
}

// One folder holding a browser's profiles; `variant` names a second install ("snap", "Flatpak").
export interface BrowserRoot {
  dir: string;
  variant?: string;
}

export interface FirefoxBrowser {
  kind: "firefox";
  id: string;
  name: string;
  roots(place: Place): BrowserRoot[];
}

export interface ChromiumBrowser {
  kind: "chromium";
  id: string;
  name: string;
  roots(place: Place): BrowserRoot[];
  keychain: { service: string; account: string }; // macOS login keychain item
  linuxKeyrings: LinuxKeyringNames[]; // tried in order; a wrong password simply fails to decrypt
}

export type Browser = FirefoxBrowser | ChromiumBrowser;

// What `--browser` asked for.
export interface BrowserSelection {
  browser: Browser;
  profile: string | undefined;
}

// Per-system folders; anything that is neither macOS nor Windows is treated as Linux (the BSDs agree).
function perSystem(
  linux: (p: Place) => BrowserRoot[],
  mac: (p: Place) => BrowserRoot[],
  windows: (p: Place) => BrowserRoot[],
): (place: Place) => BrowserRoot[] {
  return (place) =>
    place.platform === "darwin" ? mac(place) : place.platform === "win32" ? windows(place) : linux(place);
}

const appSupport = (p: Place, ...parts: string[]) => join(p.home, "Library", "Application Support", ...parts);

// Search order; among equally new keys the first one wins.
export const BROWSERS: readonly Browser[] = [
  {
    kind: "firefox",
    id: "firefox",
    name: "Firefox",
    roots: perSystem(
      (p) => [
        { dir: join(p.xdgConfig, "mozilla", "firefox") }, // Firefox ≥ 147 moved here
        { dir: join(p.home, ".mozilla", "firefox") },
        { dir: join(p.home, "snap", "firefox", "common", ".mozilla", "firefox"), variant: "snap" },
        {
          dir: join(p.home, ".var", "app", "org.mozilla.firefox", ".mozilla", "firefox"),
          variant: "Flatpak",
        },
      ],
      (p) => [{ dir: appSupport(p, "Firefox") }],
      (p) => [{ dir: join(p.roaming, "Mozilla", "Firefox") }],
    ),
  },
  {
    kind: "firefox",
    id: "librewolf",
    name: "LibreWolf",
    roots: perSystem(
      (p) => [
        { dir: join(p.home, ".librewolf") },
        {
          dir: join(p.home, ".var", "app", "io.gitlab.librewolf-community", ".librewolf"),
          variant: "Flatpak",
        },
      ],
      (p) => [{ dir: appSupport(p, "librewolf") }],
      (p) => [{ dir: join(p.roaming, "librewolf") }],
    ),
  },
  chromium("chrome", "Chrome", "Chrome", [{ application: "chrome", wallet: "Chrome" }], {
    linux: (p) => [
      { dir: join(p.xdgConfig, "google-chrome") },
      {
        dir: join(p.home, ".var", "app", "com.google.Chrome", "config", "google-chrome"),
        variant: "Flatpak",
      },
    ],
    mac: (p) => [{ dir: appSupport(p, "Google", "Chrome") }],
    windows: (p) => [{ dir: join(p.local, "Google", "Chrome", "User Data") }],
  }),
  chromium("chromium", "Chromium", "Chromium", [{ application: "chromium", wallet: "Chromium" }], {
    linux: (p) => [
      { dir: join(p.xdgConfig, "chromium") },
      { dir: join(p.home, "snap", "chromium", "common", "chromium"), variant: "snap" },
      { dir: join(p.home, ".var", "app", "org.chromium.Chromium", "config", "chromium"), variant: "Flatpak" },
    ],
    mac: (p) => [{ dir: appSupport(p, "Chromium") }],
    windows: (p) => [{ dir: join(p.local, "Chromium", "User Data") }],
  }),
  chromium("brave", "Brave", "Brave", [{ application: "brave", wallet: "Brave" }], {
    linux: (p) => [
      { dir: join(p.xdgConfig, "BraveSoftware", "Brave-Browser") },
      {
        dir: join(p.home, ".var", "app", "com.brave.Browser", "config", "BraveSoftware", "Brave-Browser"),
        variant: "Flatpak",
      },
    ],
    mac: (p) => [{ dir: appSupport(p, "BraveSoftware", "Brave-Browser") }],
    windows: (p) => [{ dir: join(p.local, "BraveSoftware", "Brave-Browser", "User Data") }],
  }),
  // Edge, Vivaldi and Opera on Linux: yt-dlp's cookies.py found them under Chromium's or Chrome's
  // keyring names, so those are tried second.
  chromium(
    "edge",
    "Edge",
    "Microsoft Edge",
    [
      { application: "microsoft-edge", wallet: "Microsoft Edge" },
      { application: "chromium", wallet: "Chromium" },
    ],
    {
      linux: (p) => [{ dir: join(p.xdgConfig, "microsoft-edge") }],
      mac: (p) => [{ dir: appSupport(p, "Microsoft Edge") }],
      windows: (p) => [{ dir: join(p.local, "Microsoft", "Edge", "User Data") }],
    },
  ),
  chromium(
    "vivaldi",
    "Vivaldi",
    "Vivaldi",
    [
      { application: "vivaldi", wallet: "Vivaldi" },
      { application: "chrome", wallet: "Chrome" },
    ],
    {
      linux: (p) => [{ dir: join(p.xdgConfig, "vivaldi") }],
      mac: (p) => [{ dir: appSupport(p, "Vivaldi") }],
      windows: (p) => [{ dir: join(p.local, "Vivaldi", "User Data") }],
    },
  ),
  // Opera keeps one profile directly in its folder (the folder is the profile, with `Local State`).
  chromium(
    "opera",
    "Opera",
    "Opera",
    [
      { application: "opera", wallet: "Opera" },
      { application: "chromium", wallet: "Chromium" },
    ],
    {
      linux: (p) => [{ dir: join(p.xdgConfig, "opera") }],
      mac: (p) => [{ dir: appSupport(p, "com.operasoftware.Opera") }],
      windows: (p) => [
        { dir: join(p.roaming, "Opera Software", "Opera Stable") },
        { dir: join(p.roaming, "Opera Software", "Opera GX Stable"), variant: "GX" },
      ],
    },
  ),
];

function chromium(
  id: string,
  name: string,
  keychainName: string,
  linuxKeyrings: LinuxKeyringNames[],
  dirs: {
    linux: (p: Place) => BrowserRoot[];
    mac: (p: Place) => BrowserRoot[];
    windows: (p: Place) => BrowserRoot[];
  },
): ChromiumBrowser {
  return {
    kind: "chromium",
    id,
    name,
    roots: perSystem(dirs.linux, dirs.mac, dirs.windows),
    keychain: { service: `${keychainName} Safe Storage`, account: keychainName },
    linuxKeyrings,
  };
}

// Parses `--browser NAME[:PROFILE]`. An unknown name is a UsageError listing the valid ones.
export function parseBrowserOption(text: string): BrowserSelection {
  const colon = text.indexOf(":");
  const name = (colon < 0 ? text : text.slice(0, colon)).trim().toLowerCase();
  const profile = colon < 0 ? undefined : text.slice(colon + 1).trim();
  const browser = BROWSERS.find((b) => b.id === name);
  if (!browser) {
    const valid = BROWSERS.map((b) => b.id).join(", ");
    throw new UsageError(`--browser ${JSON.stringify(name)}: unknown browser; use one of ${valid}`);
  }
  if (profile === "") {
    throw new UsageError(`--browser ${name}: the profile name after ":" is empty`);
  }
  return { browser, profile };
}

// "Firefox", or "Firefox (snap)" for a second install.
export function browserLabel(browser: Browser, root: BrowserRoot): string {
  return root.variant ? `${browser.name} (${root.variant})` : browser.name;
}
