import assert from "node:assert/strict";
import { homedir } from "node:os";
import { test } from "node:test";
import { defaultBackupDir } from "../../src/archive/default-dir.ts";

// Expected values are platformdirs.user_data_dir("claude-backup") on each platform.
const CASES: {
  why: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home?: string;
  dir: string;
}[] = [
  {
    why: "Linux default",
    platform: "linux",
    env: {},
    home: "/home/ada",
    dir: "/home/ada/.local/share/claude-backup",
  },
  {
    why: "Linux with XDG_DATA_HOME",
    platform: "linux",
    env: { XDG_DATA_HOME: "/data/ada" },
    home: "/home/ada",
    dir: "/data/ada/claude-backup",
  },
  {
    why: "Linux with an XDG_DATA_HOME of spaces (unset, as in platformdirs)",
    platform: "linux",
    env: { XDG_DATA_HOME: "  " },
    home: "/home/ada",
    dir: "/home/ada/.local/share/claude-backup",
  },
  {
    why: "Linux: HOME from the given environment",
    platform: "linux",
    env: { HOME: "/home/bob" },
    dir: "/home/bob/.local/share/claude-backup",
  },
  {
    why: "FreeBSD is a Unix",
    platform: "freebsd",
    env: {},
    home: "/usr/home/ada",
    dir: "/usr/home/ada/.local/share/claude-backup",
  },
  {
    why: "macOS default",
    platform: "darwin",
    env: {},
    home: "/Users/ada",
    dir: "/Users/ada/Library/Application Support/claude-backup",
  },
  {
    why: "macOS with XDG_DATA_HOME (platformdirs ≥ 4.6)",
    platform: "darwin",
    env: { XDG_DATA_HOME: "/Users/ada/.data" },
    home: "/Users/ada",
    dir: "/Users/ada/.data/claude-backup",
  },
  {
    why: "Windows: appauthor defaults to appname",
    platform: "win32",
    env: { LOCALAPPDATA: "C:\\Users\\Ada\\AppData\\Local" },
    home: "C:\\Users\\Ada",
    dir: "C:\\Users\\Ada\\AppData\\Local\\claude-backup\\claude-backup",
  },
  {
    why: "Windows: LOCALAPPDATA is normalised",
    platform: "win32",
    env: { LOCALAPPDATA: "D:/Profiles/Ada/Local/" },
    dir: "D:\\Profiles\\Ada\\Local\\claude-backup\\claude-backup",
  },
  {
    why: "Windows without LOCALAPPDATA: under USERPROFILE",
    platform: "win32",
    env: { USERPROFILE: "C:\\Users\\Ada" },
    dir: "C:\\Users\\Ada\\AppData\\Local\\claude-backup\\claude-backup",
  },
  {
    why: "Windows ignores XDG_DATA_HOME",
    platform: "win32",
    env: { LOCALAPPDATA: "C:\\L", XDG_DATA_HOME: "/x" },
    dir: "C:\\L\\claude-backup\\claude-backup",
  },
];

for (const { why, platform, env, home, dir } of CASES) {
  test(why, () => {
    assert.equal(defaultBackupDir({ platform, env, ...(home === undefined ? {} : { home }) }), dir);
  });
}

test("without options: this machine's folder, under the real home folder unless XDG says otherwise", () => {
  const dir = defaultBackupDir();
  assert.ok(dir.endsWith("claude-backup"));
  if (process.platform === "linux" && !process.env.XDG_DATA_HOME?.trim()) {
    assert.equal(dir, `${process.env.HOME || homedir()}/.local/share/claude-backup`);
  }
});
