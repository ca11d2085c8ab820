import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { saveChatFile } from "../store/chat-files.ts";
import { fileNameFor } from "./decide.ts";
import type { SaveOutcome } from "./events.ts";
import { type OrgContext, type OrgRun, recordSaved } from "./org-run.ts";

// Fetches one chat and saves it: raw bytes as served, under `<name>-<uuid>.json`, mtime = updated_at.
export async function fetchAndSaveChat(
  run: OrgRun,
  entry: ChatEntry,
  context: OrgContext,
): Promise<SaveOutcome> {
  const { body, json } = await context.api.conversation(run.org.uuid, entry.uuid);
  const chat = run.held.get(canonicalUuid(entry.uuid)) ?? { files: [] };
  const fileName = fileNameFor(entry, context.nameLimit);
  const outcome: SaveOutcome =
    chat.files.length === 0 ? "new" : chat.files.includes(fileName) ? "updated" : "renamed";
  await saveChatFile(run.chatsDir, fileName, body, mtimeOf(json.updated_at, entry.updated_at), chat.files);
  await recordSaved(run, entry, fileName, outcome, context);
  return outcome;
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
