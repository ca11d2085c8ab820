import { jsonChunks } from "../core/json-chunks.ts";
import type { ChatEntry } from "../core/types.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";

// Writes chat_conversations.json atomically, newest-updated first, as the original tool keeps it.
// Ties go by uuid in code-point order: for lower-case uuids the same order localeCompare gave, without
// loading ICU's collation data into a sync that needs nothing else of it (~1 MB).
export async function writeListFile(path: string, entries: Iterable<ChatEntry>): Promise<void> {
  const sorted = [...entries].sort((a, b) =>
    a.updated_at < b.updated_at
      ? 1
      : a.updated_at > b.updated_at
        ? -1
        : a.uuid < b.uuid
          ? -1
          : a.uuid > b.uuid
            ? 1
            : 0,
  );
  await writeFileAtomic(path, jsonChunks(sorted));
}
