// What the endpoints serialise: list entries (docs/claude-api.md §3.3) and detail bodies (§4.1–4.2).

import { currentBranch } from "./tree.ts";
import type { ChatState, ContentBlock, MessageJson } from "./types.ts";

// How a detail request asked to see the chat (docs/claude-api.md §4.1).
export interface DetailView {
  tree: boolean;
  renderingMode: string | undefined;
  renderAllTools: boolean;
}

// `tree=True&rendering_mode=messages&render_all_tools=true`: the lossless view a backup asks for.
export const FULL_VIEW: DetailView = { tree: true, renderingMode: "messages", renderAllTools: true };

// What tool blocks collapse into without render_all_tools=true.
const UNSUPPORTED_BLOCK = "This block is not supported on your current device yet.";

// One row of the v1/v2 list, built fresh from the chat so it can never go stale.
export function listEntry(chat: ChatState): Record<string, unknown> {
  return {
    uuid: chat.uuid,
    name: chat.name,
    summary: chat.summary,
    model: chat.model,
    created_at: chat.created_at,
    updated_at: chat.updated_at,
    settings: chat.settings,
    is_starred: chat.is_starred,
    is_temporary: chat.is_temporary,
    project_uuid: chat.project_uuid,
    current_leaf_message_uuid: chat.current_leaf_message_uuid,
    platform: "CLAUDE_AI",
  };
}

function hideTool(block: ContentBlock): ContentBlock {
  if (block.type !== "tool_use" && block.type !== "tool_result") return block;
  return {
    start_timestamp: block.start_timestamp,
    stop_timestamp: block.stop_timestamp,
    flags: null,
    type: "text",
    text: UNSUPPORTED_BLOCK,
    citations: [],
  };
}

function flatten(blocks: readonly ContentBlock[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    const text = block.type === "thinking" ? block.thinking : block.type === "text" ? block.text : undefined;
    if (typeof text === "string" && text !== "") parts.push(text);
  }
  return parts.join("\n\n");
}

function renderMessage(message: MessageJson, view: DetailView): MessageJson {
  const content = view.renderAllTools ? message.content : message.content.map(hideTool);
  if (view.renderingMode === "messages")
    return content === message.content ? message : { ...message, content };
  // Without rendering_mode=messages thinking collapses into plain text.
  const text = flatten(content);
  const first = content[0];
  const block: ContentBlock = {
    start_timestamp: first?.start_timestamp ?? message.created_at,
    stop_timestamp: first?.stop_timestamp ?? message.created_at,
    flags: null,
    type: "text",
    text,
    citations: [],
  };
  return { ...message, text, content: [block] };
}

// The detail JSON: the list-entry envelope plus chat_messages, all branches only with tree=True.
export function detailJson(chat: ChatState, view: DetailView): Record<string, unknown> {
  const messages = view.tree ? chat.messages : currentBranch(chat.messages, chat.current_leaf_message_uuid);
  const project = chat.project ? { project: chat.project } : {};
  return { ...listEntry(chat), ...project, chat_messages: messages.map((m) => renderMessage(m, view)) };
}
