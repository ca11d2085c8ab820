import { isTempFile } from "../core/temp-names.ts";
import type { Problem } from "./problem.ts";
import type { TreeItem } from "./walk.ts";

// Group and other bits: the backup holds private chats, so nothing in it should carry any of them.
const OTHERS = 0o077n;

// A temp file left by a killed run. A running sync makes them too, so removing one waits for the lock.
export function tempFileProblem(item: TreeItem): Problem | undefined {
  if (item.dir || !isTempFile(item.name)) return undefined;
  return {
    kind: "temp-file",
    path: item.path,
    detail: "left by a claude-backup that stopped while writing; --repair removes it when no sync is running",
    fix: "repair",
    repair: { action: "remove" },
  };
}

// A file or folder others can read (the original tool wrote 0644/0755). Modes mean nothing on
// Windows, where Node makes them up from the read-only flag.
export function permissionProblem(item: TreeItem, platform: NodeJS.Platform): Problem | undefined {
  if (platform === "win32" || !(item.dir || item.file)) return undefined;
  const mode = item.stats.mode & 0o777n;
  if ((mode & OTHERS) === 0n) return undefined;
  const fixed = Number(mode & 0o700n) | (item.dir ? 0o700 : 0o600);
  const what = item.dir ? "folder" : "file";
  return {
    kind: "open-permissions",
    path: item.path,
    detail: `${what} has mode ${octal(Number(mode))}: other users can read it; --repair makes it ${octal(fixed)}`,
    fix: "repair",
    repair: { action: "chmod", mode: fixed },
  };
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, "0");
}
