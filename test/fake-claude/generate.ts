// Builds the initial fake world: an account, its organizations, and chats spread over the past.

import { type Clock, createClock } from "./clock.ts";
import { API_ORG_NAME, CHAT_NAMES, HOSTILE_CHAT_NAMES, ORG_NAMES } from "./names.ts";
import { createRng, type Rng } from "./rng.ts";
import { appendTurn, buildTree } from "./tree.ts";
import type { Account, ChatState, Membership, OrgJson, OrgState } from "./types.ts";

export interface WorldOptions {
  seed: number;
  organizations: number;
  chatsPerOrg: number;
  hostileNames: boolean;
}

export interface GeneratedWorld {
  rng: Rng;
  clock: Clock;
  account: Account;
  chatOrgs: OrgState[];
}

const MODELS: readonly (string | null)[] = [
  "claude-sonnet-4-5-20250929",
  "claude-opus-4-1-20250805",
  "claude-3-7-sonnet-20250219",
  // Old chats on the default model have no model (docs/claude-api.md §3.3).
  null,
];

// Share of initial chats that get a later turn, so list order differs from creation order.
const TOUCHED_SHARE = 0.2;
const STARRED_SHARE = 0.15;

function organization(rng: Rng, clock: Clock, name: string, capabilities: string[], tier: string): OrgJson {
  return {
    uuid: rng.uuid4(),
    name,
    settings: {},
    capabilities,
    parent_organization_uuid: null,
    rate_limit_tier: tier,
    billing_type: capabilities.includes("api") ? "prepaid" : "stripe_subscription",
    raven_type: capabilities.includes("raven") ? "team" : null,
    created_at: clock.now(),
    updated_at: clock.now(),
    data_retention: "default",
  };
}

function membership(clock: Clock, org: OrgJson, role: string): Membership {
  return { organization: org, role, seat_tier: null, created_at: clock.now(), updated_at: clock.now() };
}

function chatOrgJson(rng: Rng, clock: Clock, i: number): OrgJson {
  const name = ORG_NAMES[i] ?? `Team #${i + 1}`;
  if (i === 1) return organization(rng, clock, name, ["chat", "raven"], "default_raven");
  if (i > 1) return organization(rng, clock, name, ["chat", "claude_max"], "default_claude_max_5x");
  return organization(rng, clock, name, ["chat", "claude_pro"], "default_claude_ai");
}

// A fresh chat with one or more turns; its created_at is the clock's current instant.
export function makeChat(
  rng: Rng,
  clock: Clock,
  orgUuid: string,
  init: { name: string | null; starred: boolean },
): ChatState {
  const createdAt = clock.now();
  const uuid = rng.uuid4();
  const settings: Record<string, unknown> = {
    enabled_web_search: rng.chance(0.5),
    paprika_mode: rng.chance(0.3) ? "extended" : null,
    preview_feature_uses_artifacts: true,
  };
  if (rng.chance(0.2)) settings.enabled_monkeys_in_a_barrel = true;
  const summary = rng.chance(0.2)
    ? "**Conversation overview**\n\nThe user asked for help; Claude answered."
    : "";
  const model = rng.pick(MODELS);
  const tree = buildTree({ rng, clock, orgUuid });
  return {
    uuid,
    name: init.name,
    summary,
    model,
    created_at: createdAt,
    updated_at: clock.now(),
    settings,
    is_starred: init.starred,
    is_temporary: false,
    project_uuid: null,
    current_leaf_message_uuid: tree.currentLeaf,
    messages: tree.messages,
  };
}

// Appends a turn to the chat's current branch and moves updated_at to the answer's end.
export function addTurn(rng: Rng, clock: Clock, orgUuid: string, chat: ChatState): void {
  chat.current_leaf_message_uuid = appendTurn(
    { rng, clock, orgUuid },
    chat.messages,
    chat.current_leaf_message_uuid,
  );
  chat.updated_at = clock.now();
}

// The whole world for one seed; the same options always give the same bytes.
export function generateWorld(options: WorldOptions): GeneratedWorld {
  const rng = createRng(options.seed);
  const clock = createClock(rng);
  const apiOrg = organization(rng, clock, API_ORG_NAME, ["api", "api_individual"], "auto_api_evaluation");
  const chatOrgs: OrgState[] = [];
  for (let i = 0; i < options.organizations; i++) {
    const org = chatOrgJson(rng, clock, i);
    chatOrgs.push({ uuid: org.uuid, name: org.name, organization: org, chats: new Map() });
  }
  // The API-only org comes first, so a client that takes memberships[0] picks the wrong one.
  const account: Account = {
    uuid: rng.uuid4(),
    email_address: "ada@example.org",
    full_name: "Ada Example",
    display_name: "Ada",
    created_at: clock.now(),
    updated_at: clock.now(),
    settings: {},
    memberships: [
      membership(clock, apiOrg, "developer"),
      ...chatOrgs.map((o, i) => membership(clock, o.organization, i === 1 ? "user" : "admin")),
    ],
  };
  // Chats are created round-robin across orgs so their timelines interleave; hostile names go to
  // the first slots in org order (all of them land in the first org with the default options).
  const hostile = options.hostileNames ? HOSTILE_CHAT_NAMES : [];
  for (let c = 0; c < options.chatsPerOrg; c++) {
    chatOrgs.forEach((org, o) => {
      const slot = o * options.chatsPerOrg + c;
      clock.advance(600, 36 * 3600);
      const name = slot < hostile.length ? (hostile[slot] ?? null) : rng.pick(CHAT_NAMES);
      const chat = makeChat(rng, clock, org.uuid, { name, starred: rng.chance(STARRED_SHARE) });
      org.chats.set(chat.uuid, chat);
    });
  }
  for (const org of chatOrgs) {
    for (const chat of org.chats.values()) {
      // Only chats with room for one more turn, so no generated chat exceeds 8 messages.
      if (chat.messages.length > 6 || !rng.chance(TOUCHED_SHARE)) continue;
      clock.advance(600, 12 * 3600);
      addTurn(rng, clock, org.uuid, chat);
    }
  }
  return { rng, clock, account, chatOrgs };
}
