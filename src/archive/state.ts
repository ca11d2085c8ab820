import { isRecord } from "../core/guards.ts";
import { stateFile } from "../core/layout.ts";
import { type ChatEntry, isChatEntry, type ListApi } from "../core/types.ts";
import { readTextIfExists } from "./read-text.ts";

// What a sync remembers between runs, per organization uuid.
export interface OrgState {
  listApi?: ListApi; // "v2" once the v1 list answered 404, so later runs do not ask again
  lastFullScan?: string; // ISO time of the last complete walk of the whole list
  pending?: ChatEntry[]; // list rows seen but not yet saved: fetched first by the next run
  deleted?: string[]; // uuids found missing on claude.ai (their files are kept)
}

export interface SyncState {
  orgs: Record<string, OrgState>;
}

// Reads the state file; a missing or unreadable one means "nothing remembered" (the chat files and
// list files still say what we hold, so the worst case is a full walk of the list).
export async function loadState(root: string, warn: (message: string) => void): Promise<SyncState> {
  const text = await readTextIfExists(stateFile(root));
  if (text === undefined) return { orgs: {} };
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed) && isRecord(parsed.orgs)) {
      const orgs: Record<string, OrgState> = {};
      for (const [uuid, value] of Object.entries(parsed.orgs)) orgs[uuid] = orgStateOf(value);
      return { orgs };
    }
  } catch {
    // fall through
  }
  warn(`ignoring ${stateFile(root)}: it is damaged (the next walk of the chat lists is complete instead)`);
  return { orgs: {} };
}

function orgStateOf(value: unknown): OrgState {
  if (!isRecord(value)) return {};
  const state: OrgState = {};
  if (value.listApi === "v1" || value.listApi === "v2") state.listApi = value.listApi;
  if (typeof value.lastFullScan === "string") state.lastFullScan = value.lastFullScan;
  if (Array.isArray(value.pending)) state.pending = value.pending.filter(isChatEntry);
  if (Array.isArray(value.deleted))
    state.deleted = value.deleted
      .filter((u): u is string => typeof u === "string")
      .map((u) => u.toLowerCase());
  return state;
}
