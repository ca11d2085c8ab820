import { jsonChunks } from "../core/json-chunks.ts";
import { newestFirst } from "../core/newest-first.ts";
import type { ChatEntry } from "../core/types.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";

// Writes chat_conversations.json atomically, newest-updated first, as the original tool keeps it.
export async function writeListFile(path: string, entries: Iterable<ChatEntry>): Promise<void> {
  const sorted = [...entries].sort(newestFirst((entry) => entry.updated_at));
  await writeFileAtomic(path, jsonChunks(sorted));
}
