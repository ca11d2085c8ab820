import { homedir } from "node:os";
import { posix, win32 } from "node:path";

// The default backup folder: the one the original tool uses, Python's
// `platformdirs.user_data_dir("claude-backup")`, so that switching tools keeps the same backup.
// Computed by hand rather than with env-paths: env-paths gives `%LOCALAPPDATA%\claude-backup\Data` on
// Windows where platformdirs gives `…\claude-backup\claude-backup` (appauthor defaults to appname), it
// ignores XDG_DATA_HOME on macOS where current platformdirs honours it, and it reads process.env and
// the host platform itself, which would make this untestable for other platforms.

// The folders, as platformdirs 4.10 computes them:
// - Linux and other Unixes: `$XDG_DATA_HOME/claude-backup`, else `~/.local/share/claude-backup`;
// - macOS: `$XDG_DATA_HOME/claude-backup` when set (platformdirs ≥ 4.6, February 2026), else
//   `~/Library/Application Support/claude-backup`;
// - Windows: `%LOCALAPPDATA%\claude-backup\claude-backup`, else `~\AppData\Local\…`.
// An XDG_DATA_HOME of only spaces counts as unset, and the value is trimmed.

const APP = "claude-backup";

// The platform's user data folder for claude-backup (the original tool's default backup folder).
export function defaultBackupDir(
  options: { platform?: NodeJS.Platform; env?: Record<string, string | undefined>; home?: string } = {},
): string {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  if (platform === "win32") {
    const home = options.home ?? (env.USERPROFILE || homedir());
    const localAppData = env.LOCALAPPDATA?.trim() || win32.join(home, "AppData", "Local");
    return win32.join(win32.normalize(localAppData), APP, APP);
  }
  const home = options.home ?? (env.HOME || homedir());
  const xdgDataHome = env.XDG_DATA_HOME?.trim();
  if (xdgDataHome) return posix.join(xdgDataHome, APP);
  if (platform === "darwin") return posix.join(home, "Library", "Application Support", APP);
  return posix.join(home, ".local", "share", APP);
}
