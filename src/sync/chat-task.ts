import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { saveChatFile } from "../store/chat-files.ts";
import { fileNameFor } from "./decide.ts";
import type { SaveOutcome } from "./events.ts";
import { type OrgContext, type OrgRun, recordSaved } from "./org-run.ts";

// Fetches one chat and saves it: raw bytes as served, under `<name>-<uuid>.json`, mtime = updated_at.
// The chat counts as saved once its journal line is on disk, and that line waits for a batch
// (store/journal.ts): the body is let go before then, in writeChat's own frame, so a chat waiting for
// its batch holds a few hundred bytes rather than its whole JSON.
export async function fetchAndSaveChat(
  run: OrgRun,
  entry: ChatEntry,
  context: OrgContext,
): Promise<SaveOutcome> {
  const { fileName, outcome } = await writeChat(run, entry, context);
  await recordSaved(run, entry, fileName, outcome, context, { folderToSync: run.chatsDir });
  return outcome;
}

async function writeChat(
  run: OrgRun,
  entry: ChatEntry,
  context: OrgContext,
): Promise<{ fileName: string; outcome: SaveOutcome }> {
  const { body, json } = await context.api.conversation(run.org.uuid, entry.uuid);
  const chat = run.held.get(canonicalUuid(entry.uuid)) ?? { files: [] };
  const fileName = fileNameFor(entry, context.nameLimit);
  const outcome: SaveOutcome =
    chat.files.length === 0 ? "new" : chat.files.includes(fileName) ? "updated" : "renamed";
  // The folder is synced with the journal line, once for a batch of chats.
  await saveChatFile(run.chatsDir, fileName, body, mtimeOf(json.updated_at, entry.updated_at), chat.files, {
    syncFolder: false,
  });
  return { fileName, outcome };
}

// The chat's own updated_at (the detail may be newer than the list row), else the row's.
function mtimeOf(...candidates: unknown[]): Date | undefined {
  for (const value of candidates) {
    if (typeof value !== "string") continue;
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return new Date(time);
  }
  return undefined;
}
