import type { Held } from "../archive/held.ts";
import type { ChatEntry } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { decide } from "./decide.ts";

// What a sync does with one organization's chats, decided before anything is done. Pure: from the
// list rows and what the folder holds, nothing else.
export interface OrgPlan {
  fetch: Map<string, ChatEntry>; // by lower-case uuid, in list order: fetched and saved
  rename: ChatEntry[]; // held unchanged under an old name: the file is renamed, no request
  adopt: ChatEntry[]; // held unchanged but known only from its file (the original tool's folders)
}

// Plans the rows of a run: rows left over from an interrupted run first, then this walk's rows; a
// later row of the same chat replaces an earlier one (the walk's row is newer than a pending one).
export function planOrg(
  rows: readonly ChatEntry[],
  held: ReadonlyMap<string, Held>,
  nameLimit: number,
): OrgPlan {
  const last = new Map<string, ChatEntry>();
  for (const entry of rows) {
    const key = canonicalUuid(entry.uuid);
    last.delete(key); // a later row moves the chat to its place in the list
    last.set(key, entry);
  }
  const plan: OrgPlan = { fetch: new Map(), rename: [], adopt: [] };
  for (const [key, entry] of last) {
    const chat = held.get(key);
    const decision = decide(entry, chat, nameLimit);
    if (decision === "fetch") plan.fetch.set(key, entry);
    else if (decision === "rename") plan.rename.push(entry);
    else if (chat && !chat.row) plan.adopt.push(entry);
  }
  return plan;
}
