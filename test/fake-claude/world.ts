// The fake account's live state: queries the endpoints serve and mutations tests make.

import { addTurn, generateWorld, makeChat, type WorldOptions } from "./generate.ts";
import { CHAT_NAMES } from "./names.ts";
import { type DetailView, detailJson, FULL_VIEW, listEntry } from "./render.ts";
import type { Account, ChatState, Membership, OrgJson, OrgState } from "./types.ts";

export interface World {
  account(): Account;
  organizations(): OrgJson[];
  membership(orgUuid: string): Membership | undefined;
  chatOrgs(): OrgState[];
  // Rows newest-updated first; `starred` filters when given.
  listEntries(orgUuid: string, starred?: boolean): Record<string, unknown>[];
  detail(orgUuid: string, chatUuid: string, view: DetailView): Record<string, unknown> | undefined;
  chatBody(orgUuid: string, chatUuid: string): string;
  createChat(orgUuid: string, init?: { name?: string | null; starred?: boolean }): string;
  updateChat(orgUuid: string, chatUuid: string): void;
  renameChat(orgUuid: string, chatUuid: string, name: string | null): void;
  starChat(orgUuid: string, chatUuid: string, starred: boolean): void;
  deleteChat(orgUuid: string, chatUuid: string): void;
  renameOrg(orgUuid: string, name: string): void;
}

// Seconds the clock moves per mutation: "a few seconds per event".
const MUTATION_STEP: readonly [number, number] = [2, 9];

// updated_at descending, ties by uuid; the fixed-width timestamps sort as strings.
function newestFirst(a: ChatState, b: ChatState): number {
  if (a.updated_at !== b.updated_at) return a.updated_at < b.updated_at ? 1 : -1;
  return a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0;
}

// Builds the world for `options` and wraps it in the query and mutation API.
export function createWorld(options: WorldOptions): World {
  const { rng, clock, account, chatOrgs } = generateWorld(options);

  const orgOf = (orgUuid: string): OrgState | undefined => chatOrgs.find((o) => o.uuid === orgUuid);
  const mustOrg = (orgUuid: string): OrgState => {
    const org = orgOf(orgUuid);
    if (!org) throw new Error(`fake-claude: no chat org ${orgUuid}`);
    return org;
  };
  const mustChat = (orgUuid: string, chatUuid: string): ChatState => {
    const chat = mustOrg(orgUuid).chats.get(chatUuid);
    if (!chat) throw new Error(`fake-claude: no chat ${chatUuid} in org ${orgUuid}`);
    return chat;
  };
  const tick = (): string => clock.advance(MUTATION_STEP[0], MUTATION_STEP[1]);

  return {
    account: () => account,
    organizations: () => account.memberships.map((m) => m.organization),
    membership: (orgUuid) => account.memberships.find((m) => m.organization.uuid === orgUuid),
    chatOrgs: () => chatOrgs,
    listEntries(orgUuid, starred) {
      const chats = [...mustOrg(orgUuid).chats.values()];
      const kept = starred === undefined ? chats : chats.filter((c) => c.is_starred === starred);
      return kept.sort(newestFirst).map(listEntry);
    },
    detail(orgUuid, chatUuid, view) {
      const chat = orgOf(orgUuid)?.chats.get(chatUuid);
      return chat && detailJson(chat, view);
    },
    chatBody(orgUuid, chatUuid) {
      return JSON.stringify(detailJson(mustChat(orgUuid, chatUuid), FULL_VIEW));
    },
    createChat(orgUuid, init = {}) {
      const org = mustOrg(orgUuid);
      tick();
      const name = init.name === undefined ? rng.pick(CHAT_NAMES) : init.name;
      const chat = makeChat(rng, clock, org.uuid, { name, starred: init.starred ?? false });
      org.chats.set(chat.uuid, chat);
      return chat.uuid;
    },
    updateChat(orgUuid, chatUuid) {
      addTurn(rng, clock, orgUuid, mustChat(orgUuid, chatUuid));
    },
    renameChat(orgUuid, chatUuid, name) {
      const chat = mustChat(orgUuid, chatUuid);
      chat.name = name;
      chat.updated_at = tick();
    },
    starChat(orgUuid, chatUuid, starred) {
      // Starring leaves updated_at alone, so the chat keeps its place in the list.
      mustChat(orgUuid, chatUuid).is_starred = starred;
    },
    deleteChat(orgUuid, chatUuid) {
      mustChat(orgUuid, chatUuid);
      mustOrg(orgUuid).chats.delete(chatUuid);
    },
    renameOrg(orgUuid, name) {
      const member = account.memberships.find((m) => m.organization.uuid === orgUuid);
      if (!member) throw new Error(`fake-claude: no org ${orgUuid}`);
      member.organization.name = name;
      member.organization.updated_at = tick();
      const org = orgOf(orgUuid);
      if (org) org.name = name;
    },
  };
}
