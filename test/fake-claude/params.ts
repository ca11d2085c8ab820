// Request validation shared by the endpoints: query params the way pydantic parses them, path UUIDs,
// and the org checks claude.ai makes before anything else (docs/claude-api.md §1, §8.1).

import { invalidRequestReply, notFoundReply, orgForbiddenReply, type Reply } from "./replies.ts";
import { isUuid } from "./route.ts";
import type { OrgState } from "./types.ts";
import type { World } from "./world.ts";

// Carries a ready error reply out of nested validation.
export class Refusal extends Error {
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(reply.body);
    this.reply = reply;
  }
}

// Integers the way pydantic parses query params: optional sign, digits, a lower bound.
export function intParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    throw new Refusal(
      invalidRequestReply(
        `query.${name}: Input should be a valid integer, unable to parse string as an integer`,
      ),
    );
  }
  const value = Number(raw);
  if (value < min) {
    throw new Refusal(invalidRequestReply(`query.${name}: Input should be greater than or equal to ${min}`));
  }
  return value;
}

// Booleans the way pydantic parses them, so both `True` and `true` work (docs/claude-api.md §4.1).
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const text = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on", "t", "y"].includes(text)) return true;
  if (["false", "0", "no", "off", "f", "n"].includes(text)) return false;
  throw new Refusal(
    invalidRequestReply(`query.${name}: Input should be a valid boolean, unable to interpret input`),
  );
}

// A literal-choice param, refused the way pydantic words it when it is none of `choices`.
export function choiceParam<T extends string>(
  query: URLSearchParams,
  name: string,
  choices: readonly T[],
): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const listed = choices.map((c) => `'${c}'`);
  const words = listed.length > 1 ? `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}` : listed.join("");
  throw new Refusal(invalidRequestReply(`query.${name}: Input should be ${words}`));
}

// A path segment that must be a UUID; returns it lower-cased.
export function uuidParam(value: string, name: string): string {
  if (!isUuid(value)) throw new Refusal(invalidRequestReply(`path.${name}: Input should be a valid UUID`));
  return value.toLowerCase();
}

// Path params first (400), then membership (404), then the chat capability (403).
export function chatOrg(world: World, orgParam: string, chatParam?: string): OrgState {
  uuidParam(orgParam, "organization_uuid");
  if (chatParam !== undefined) uuidParam(chatParam, "conversation_uuid");
  const orgUuid = orgParam.toLowerCase();
  const member = world.membership(orgUuid);
  if (!member) throw new Refusal(notFoundReply("Organization not found"));
  if (!member.organization.capabilities.includes("chat")) throw new Refusal(orgForbiddenReply());
  const org = world.chatOrgs().find((o) => o.uuid === orgUuid);
  if (!org) throw new Refusal(orgForbiddenReply());
  return org;
}
