import { type ChatEntry, isChatEntry } from "../core/types.ts";
import { readTextIfExists } from "./read-text.ts";

// chat_conversations.json: the list rows of every chat we hold (deleted ones included), newest first,
// as the original tool keeps it. Rows are the API's raw objects.

// Reads the list file; a missing file is an empty list, and an unreadable one is ignored with a
// warning (the chat files themselves still say what we hold).
export async function readListFile(path: string, warn: (message: string) => void): Promise<ChatEntry[]> {
  const text = await readTextIfExists(path);
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.filter(isChatEntry);
  } catch {
    // fall through
  }
  warn(`ignoring ${path}: it is not a JSON list of chats (it will be rewritten)`);
  return [];
}
