// tool_use / tool_result pairs the way claude.ai renders them (docs/claude-api.md §4.4), for the sandbox and
// artifact tools added with the `files` option.

import type { Rng } from "./rng.ts";
import type { ContentBlock } from "./types.ts";

export interface ToolContext {
  rng: Rng;
  // The assistant message's start and end instants, for block timestamps.
  start: string;
  stop: string;
}

function block(ctx: ToolContext, type: string, fields: Record<string, unknown>): ContentBlock {
  return { start_timestamp: ctx.start, stop_timestamp: ctx.stop, flags: null, type, ...fields };
}

// One call and its result; `result` is the tool_result's content[] (docs/claude-api.md §4.4).
export function toolPair(
  ctx: ToolContext,
  name: string,
  input: Record<string, unknown>,
  result: unknown[],
  message: string,
): ContentBlock[] {
  const id = `toolu_01${ctx.rng.base62(22)}`;
  return [
    block(ctx, "tool_use", {
      id,
      name,
      input,
      message,
      integration_name: null,
      integration_icon_url: null,
      context: null,
      display_content: null,
      approval_options: null,
      approval_key: null,
    }),
    block(ctx, "tool_result", {
      tool_use_id: id,
      name,
      content: result,
      is_error: false,
      display_content: null,
    }),
  ];
}

// A tool_result content[] of one text item, the most common result shape (docs/claude-api.md §4.4).
export function textResult(text: string): unknown[] {
  return [{ type: "text", text }];
}
