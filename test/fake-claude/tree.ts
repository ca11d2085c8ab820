// Message trees: turns, edits and regenerations as siblings under one parent (docs/claude-api.md §4.3 "Branches").

import type { Clock } from "./clock.ts";
import { assistantContent, humanParts } from "./content.ts";
import type { Rng } from "./rng.ts";
import type { MessageJson } from "./types.ts";

// The parent of every root message (docs/claude-api.md §4.3, LU `rootId`).
export const ROOT_PARENT = "00000000-0000-4000-8000-000000000000";

export interface TreeContext {
  rng: Rng;
  clock: Clock;
  orgUuid: string;
}

export interface ChatTree {
  messages: MessageJson[];
  currentLeaf: string;
}

function indexOf(messages: readonly MessageJson[], uuid: string): number {
  if (uuid === ROOT_PARENT) return -1;
  const parent = messages.find((m) => m.uuid === uuid);
  if (!parent) throw new Error(`no message ${uuid}`);
  return parent.index;
}

function human(ctx: TreeContext, messages: readonly MessageJson[], parent: string): MessageJson {
  const start = ctx.clock.advance(2, 40);
  const uuid = ctx.rng.uuid7(ctx.clock.nowMs());
  const parts = humanParts({ rng: ctx.rng, orgUuid: ctx.orgUuid, start, stop: start });
  return {
    uuid,
    text: "",
    content: parts.content,
    sender: "human",
    index: indexOf(messages, parent) + 1,
    created_at: start,
    updated_at: start,
    truncated: false,
    attachments: parts.attachments,
    files: parts.files,
    files_v2: parts.files,
    sync_sources: parts.sync_sources,
    parent_message_uuid: parent,
  };
}

function assistant(ctx: TreeContext, messages: readonly MessageJson[], parent: string): MessageJson {
  const start = ctx.clock.advance(1, 5);
  const uuid = ctx.rng.uuid7(ctx.clock.nowMs());
  const stop = ctx.clock.advance(2, 30);
  return {
    uuid,
    text: "",
    content: assistantContent({ rng: ctx.rng, orgUuid: ctx.orgUuid, start, stop }),
    sender: "assistant",
    index: indexOf(messages, parent) + 1,
    created_at: start,
    updated_at: stop,
    truncated: false,
    stop_reason: ctx.rng.chance(0.9) ? "stop_sequence" : "max_tokens",
    attachments: [],
    files: [],
    files_v2: [],
    sync_sources: [],
    parent_message_uuid: parent,
  };
}

function parentOf(messages: readonly MessageJson[], uuid: string): string {
  const message = messages.find((m) => m.uuid === uuid);
  if (!message) throw new Error(`no message ${uuid}`);
  return message.parent_message_uuid;
}

// Appends a human message and Claude's answer under `parent`; returns the new leaf's uuid.
export function appendTurn(ctx: TreeContext, messages: MessageJson[], parent: string): string {
  const question = human(ctx, messages, parent);
  messages.push(question);
  const answer = assistant(ctx, messages, question.uuid);
  messages.push(answer);
  return answer.uuid;
}

// Regenerates the answer that ends at `leaf`: a sibling assistant message with the same parent.
export function regenerate(ctx: TreeContext, messages: MessageJson[], leaf: string): string {
  const answer = assistant(ctx, messages, parentOf(messages, leaf));
  messages.push(answer);
  return answer.uuid;
}

// Edits the question above `leaf`: a sibling human message plus a fresh answer.
export function editQuestion(ctx: TreeContext, messages: MessageJson[], leaf: string): string {
  return appendTurn(ctx, messages, parentOf(messages, parentOf(messages, leaf)));
}

// A new chat's tree: 1–3 turns, and for about a third of chats one edit or regeneration.
export function buildTree(ctx: TreeContext): ChatTree {
  const { rng } = ctx;
  const messages: MessageJson[] = [];
  const turns = rng.int(1, 3);
  const branchAfter = rng.chance(1 / 3) ? rng.int(1, turns) : 0;
  let leaf = ROOT_PARENT;
  let abandoned: string | undefined;
  for (let turn = 1; turn <= turns; turn++) {
    leaf = appendTurn(ctx, messages, leaf);
    if (turn === branchAfter) {
      abandoned = leaf;
      leaf = rng.chance(0.5) ? regenerate(ctx, messages, leaf) : editQuestion(ctx, messages, leaf);
    }
  }
  // Sometimes the user went back to the older branch: the current leaf is then not the newest one.
  if (abandoned !== undefined && branchAfter === turns && rng.chance(0.3)) leaf = abandoned;
  return { messages, currentLeaf: leaf };
}

// The selected branch, root first: what the detail endpoint serves without tree=True.
export function currentBranch(messages: readonly MessageJson[], leaf: string): MessageJson[] {
  const byUuid = new Map(messages.map((m) => [m.uuid, m]));
  const branch: MessageJson[] = [];
  for (let m = byUuid.get(leaf); m; m = byUuid.get(m.parent_message_uuid)) branch.push(m);
  return branch.reverse();
}
