// Classic `artifacts` tool calls with create, update (old_str/new_str, INFERRED in docs/claude-api.md §7) and
// rewrite, and the replay that rebuilds each artifact's latest content along the active branch.

import { type ToolContext, textResult, toolPair } from "./tool-blocks.ts";
import { currentBranch } from "./tree.ts";
import type { ChatState, ContentBlock } from "./types.ts";

export interface ArtifactState {
  id: string;
  type: string;
  title: string;
  language: string | undefined;
  content: string;
  // How many create/update/rewrite calls made it.
  versions: number;
}

const TEMPLATES: readonly Omit<ArtifactState, "id" | "versions">[] = [
  {
    type: "text/markdown",
    title: "Packing list ✈️",
    language: undefined,
    content: "# Packing list\n\n- Passport\n- Charger\n- Sunscreen\n- Crème solaire\n",
  },
  {
    type: "application/vnd.ant.code",
    title: "Hydration calculator",
    language: "python",
    content: "def hydration(flour, water):\n    return water / flour\n\n\nprint(hydration(500, 375))\n",
  },
  {
    type: "text/html",
    title: "Landing page",
    language: undefined,
    content: "<!DOCTYPE html>\n<html>\n<body>\n<h1>Bonjour</h1>\n<p>Hello</p>\n</body>\n</html>\n",
  },
];

function call(ctx: ToolContext, input: Record<string, unknown>): ContentBlock[] {
  return toolPair(ctx, "artifacts", input, textResult("OK"), "artifacts");
}

// A new artifact: its `create` call and the state it leaves.
export function createArtifact(ctx: ToolContext): { blocks: ContentBlock[]; state: ArtifactState } {
  const template = ctx.rng.pick(TEMPLATES);
  const state: ArtifactState = { ...template, id: `artifact-${ctx.rng.hex(8)}`, versions: 1 };
  const input: Record<string, unknown> = {
    id: state.id,
    type: state.type,
    title: state.title,
    command: "create",
    content: state.content,
    version_uuid: ctx.rng.uuid4(),
  };
  if (state.language !== undefined) input.language = state.language;
  return { blocks: call(ctx, input), state };
}

// An edit of `state` (mutated in place): `update` replaces one unique line, `rewrite` sends it all.
export function editArtifact(ctx: ToolContext, state: ArtifactState): ContentBlock[] {
  state.versions += 1;
  const lines = state.content.split("\n").filter((l) => l !== "" && state.content.split(l).length === 2);
  if (lines.length > 0 && ctx.rng.chance(0.7)) {
    const oldStr = ctx.rng.pick(lines);
    const newStr = `${oldStr} v${state.versions}`;
    state.content = state.content.replace(oldStr, () => newStr);
    return call(ctx, {
      id: state.id,
      command: "update",
      old_str: oldStr,
      new_str: newStr,
      version_uuid: ctx.rng.uuid4(),
    });
  }
  state.content = `${state.content}\n(rewritten, version ${state.versions})\n`;
  return call(ctx, {
    id: state.id,
    type: state.type,
    title: state.title,
    command: "rewrite",
    content: state.content,
    version_uuid: ctx.rng.uuid4(),
  });
}

// Every artifact's latest content: all `artifacts` calls applied in order along the active branch.
export function replayArtifacts(chat: ChatState): ArtifactState[] {
  const found = new Map<string, ArtifactState>();
  for (const message of currentBranch(chat.messages, chat.current_leaf_message_uuid)) {
    for (const block of message.content) {
      if (block.type !== "tool_use" || block.name !== "artifacts") continue;
      const input = block.input as Record<string, unknown>;
      const id = String(input.id);
      const known = found.get(id);
      if (input.command === "update" && known) {
        known.content = known.content.replace(String(input.old_str), () => String(input.new_str));
        known.versions += 1;
      } else if (input.command === "create" || input.command === "rewrite") {
        found.set(id, {
          id,
          type: String(input.type ?? known?.type),
          title: String(input.title ?? known?.title),
          language: typeof input.language === "string" ? input.language : known?.language,
          content: String(input.content),
          versions: (known?.versions ?? 0) + 1,
        });
      }
    }
  }
  return [...found.values()];
}
