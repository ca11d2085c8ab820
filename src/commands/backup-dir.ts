import { resolve } from "node:path";
import { defaultBackupDir } from "../archive/default-dir.ts";

// The backup folder, found the same way by every command: `--dir DIR` (for `sync` also the
// positional backup_dir), else CLAUDE_BACKUP_DIR, else the original tool's default folder.
export function resolveBackupDir(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const fromEnv = env.CLAUDE_BACKUP_DIR?.trim() ? env.CLAUDE_BACKUP_DIR : undefined;
  return resolve(given ?? fromEnv ?? defaultBackupDir({ env }));
}
