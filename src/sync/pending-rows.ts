import type { OrgState, SyncState } from "../archive/state.ts";
import type { ChatEntry } from "../core/types.ts";

// The rows still to fetch of each organization, as the state file must list them (a killed run fetches
// them first next time). They are read from the run's own to-do list each time the state is saved,
// not copied into the state: a copy kept every row of a 10,000-chat first sync (~5 MB) alive to the
// end of the run, where the to-do list lets go of each row as its chat is saved.
export interface PendingRows {
  // From now on, `rows()` is the organization's pending list whenever the state is saved.
  follow(orgUuid: string, rows: () => ChatEntry[]): void;
  // The organization's state says what is pending itself again (the run finalized it).
  stop(orgUuid: string): void;
  // The state to write: `state`, with the pending rows of every organization followed.
  toSave(): SyncState;
}

export function createPendingRows(state: SyncState): PendingRows {
  const followed = new Map<string, () => ChatEntry[]>();
  return {
    follow: (orgUuid, rows) => void followed.set(orgUuid, rows),
    stop: (orgUuid) => void followed.delete(orgUuid),
    toSave() {
      if (followed.size === 0) return state;
      const orgs: Record<string, OrgState> = { ...state.orgs };
      for (const [uuid, rows] of followed) orgs[uuid] = { ...orgs[uuid], pending: rows() };
      return { ...state, orgs };
    },
  };
}
