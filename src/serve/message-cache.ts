import type { Html } from "./html.ts";

// Rendered messages of the chats opened last, so a branch switch, a reload or a search hit in a long
// chat does not render Markdown and code again. A chat's entry is keyed by its file's path, mtime and
// size: a sync that rewrites the chat starts a new entry.

export interface MessageCache {
  // The rendered messages of the chat file with `stamp`, by message uuid (filled by the caller).
  forChat(stamp: string): Map<string, Html>;
}

// A cache of the last `chats` chats opened (least recently used goes first).
export function createMessageCache(chats = 8): MessageCache {
  const entries = new Map<string, Map<string, Html>>();
  return {
    forChat(stamp) {
      const held = entries.get(stamp);
      if (held) {
        entries.delete(stamp);
        entries.set(stamp, held);
        return held;
      }
      const fresh = new Map<string, Html>();
      entries.set(stamp, fresh);
      for (const key of entries.keys()) {
        if (entries.size <= chats) break;
        entries.delete(key);
      }
      return fresh;
    },
  };
}
