import type { SyncState } from "../archive/state.ts";
import { jsonChunks } from "../core/json-chunks.ts";
import { stateDir, stateFile } from "../core/layout.ts";
import { ensureDir, writeFileAtomic } from "../disk/atomic-write.ts";

// Saves .claude-backup/state.json atomically (archive/state.ts reads it).
export async function saveState(root: string, state: SyncState): Promise<void> {
  await ensureDir(stateDir(root));
  await writeFileAtomic(stateFile(root), jsonChunks(state));
}
