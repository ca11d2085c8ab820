import { isRecord } from "../core/guards.ts";
import { uuidFromFileName } from "../core/names.ts";
import { isUuid } from "../core/uuid.ts";
import { readJson, unreadableJson } from "./json-file.ts";
import { forEachLimit } from "./pool.ts";
import type { Problem } from "./problem.ts";
import type { TreeItem } from "./walk.ts";

// Chat files parsed at once: enough to keep the disk busy while the CPU parses.
const PARSE_CONCURRENCY = 8;

// What the next sync does about a damaged chat: nothing, since its list row still matches.
const REFETCH =
  "the next sync keeps it as it is: move it away and run claude-backup to fetch it again (if the chat still exists on claude.ai)";

// The chats of one organization folder, checked.
export interface ChatsChecked {
  count: number;
  fileByUuid: Map<string, string>; // chat uuid (lower case) → its (first) file's name
}

// Parses every chat file once: it must be a JSON object whose uuid is the one its name ends in, and
// each chat must be held in one file only.
export async function checkChats(
  chatFiles: readonly TreeItem[],
  problems: Problem[],
  signal?: AbortSignal,
): Promise<ChatsChecked> {
  const holders = new Map<string, TreeItem[]>();
  let count = 0;
  await forEachLimit(
    chatFiles,
    PARSE_CONCURRENCY,
    async (item) => {
      const fromName = uuidFromFileName(item.name);
      const parsed = await readJson(item.path);
      if (!parsed.ok && parsed.gone) return;
      count++;
      let uuid = fromName;
      if (!parsed.ok) {
        problems.push(badChat(item.path, parsed.reason));
      } else if (!isRecord(parsed.value)) {
        problems.push(badChat(item.path, "is not a JSON object"));
      } else if (!isUuid(parsed.value.uuid)) {
        problems.push(badChat(item.path, "has no uuid"));
      } else {
        uuid = parsed.value.uuid.toLowerCase();
        if (fromName !== undefined && fromName !== uuid) {
          problems.push({
            kind: "uuid-mismatch",
            path: item.path,
            detail: `the name says chat ${fromName}, the file holds chat ${uuid}: rename or remove it by hand`,
            fix: "manual",
          });
        }
      }
      if (uuid === undefined) return;
      const list = holders.get(uuid);
      if (list) list.push(item);
      else holders.set(uuid, [item]);
    },
    signal,
  );
  const fileByUuid = new Map<string, string>();
  for (const [uuid, items] of holders) {
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const [first, ...others] = items;
    if (first) fileByUuid.set(uuid, first.name);
    for (const other of others) {
      problems.push({
        kind: "duplicate-chat",
        path: other.path,
        detail: `chat ${uuid} is also held in ${first?.name}; the next sync that lists it keeps one file`,
        fix: "sync",
      });
    }
  }
  return { count, fileByUuid };
}

// chat_conversations.json must be a JSON array (the sync rewrites a damaged one).
export async function checkListFile(path: string, problems: Problem[]): Promise<void> {
  const parsed = await readJson(path);
  if (!parsed.ok && parsed.gone) return;
  const reason = parsed.ok
    ? Array.isArray(parsed.value)
      ? undefined
      : "is not a JSON array"
    : parsed.reason;
  if (reason) {
    problems.push({ kind: "bad-list", path, detail: `${reason}; the next sync rewrites it`, fix: "sync" });
  }
}

// account.json must be a JSON object (the sync downloads it again on every run).
export async function checkAccountFile(path: string, problems: Problem[]): Promise<void> {
  const parsed = await readJson(path);
  if (!parsed.ok && parsed.gone) return;
  const cannot = unreadableJson(path, parsed);
  if (cannot) {
    problems.push(cannot);
    return;
  }
  const reason = parsed.ok ? (isRecord(parsed.value) ? undefined : "is not a JSON object") : parsed.reason;
  if (reason) {
    problems.push({ kind: "bad-account", path, detail: `${reason}; the next sync rewrites it`, fix: "sync" });
  }
}

// Other JSON files the sync keeps raw (projects.json, memory.json, a project's own files): they must
// parse. `rewrittenBy` says when a sync writes the file again, if one does.
export async function checkOtherJson(path: string, problems: Problem[], rewrittenBy?: string): Promise<void> {
  const parsed = await readJson(path);
  if (!parsed.ok && !parsed.gone) {
    const bad: Problem = rewrittenBy
      ? { kind: "bad-json", path, detail: `${parsed.reason}; ${rewrittenBy}`, fix: "sync" }
      : { kind: "bad-json", path, detail: parsed.reason, fix: "manual" };
    problems.push(unreadableJson(path, parsed) ?? bad);
  }
}

function badChat(path: string, reason: string): Problem {
  return { kind: "bad-chat", path, detail: `${reason}; ${REFETCH}`, fix: "manual" };
}
