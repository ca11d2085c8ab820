import type { ManifestEntry } from "../archive/file-manifest.ts";
import { manifestFileOf, manifestsDirOf } from "../core/layout.ts";
import { ensureDirOnce, writeFileAtomic } from "../disk/atomic-write.ts";

// Writes a chat's manifest (`<org>/file_manifests/<chat-uuid>.json`, a JSON array that
// archive/file-manifest.ts reads) atomically: readers see the old list or the new one.
export async function writeManifest(
  orgDir: string,
  chatUuid: string,
  entries: readonly ManifestEntry[],
  made?: Set<string>, // folders this run made already (atomic-write.ts ensureDirOnce)
  durable = true, // false: not synced, for a step a durable write follows (atomic-write.ts)
): Promise<void> {
  await ensureDirOnce(manifestsDirOf(orgDir), made);
  await writeFileAtomic(manifestFileOf(orgDir, chatUuid), `${JSON.stringify(entries, null, 1)}\n`, {
    durable,
  });
}
