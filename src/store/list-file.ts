import { jsonChunks } from "../core/json-chunks.ts";
import type { ChatEntry } from "../core/types.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";

// Writes chat_conversations.json atomically, newest-updated first, as the original tool keeps it.
export async function writeListFile(path: string, entries: Iterable<ChatEntry>): Promise<void> {
  const sorted = [...entries].sort((a, b) =>
    a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : a.uuid.localeCompare(b.uuid),
  );
  await writeFileAtomic(path, jsonChunks(sorted));
}
