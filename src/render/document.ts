import { claudeChatUrl } from "../archive/archive.ts";
import {
  type Branch,
  buildChatTree,
  type ChatTree,
  listBranches,
  siblingPosition,
} from "../core/chat-tree.ts";
import { isRecord } from "../core/guards.ts";
import { type ArtifactEvent, type Replay, replayArtifacts } from "./artifacts.ts";
import { messageParts, type Part } from "./blocks.ts";

// A chat ready to be written as Markdown or HTML: its facts, and its branches as sections of messages
// made of parts. Every message of the tree appears in exactly one section: the active branch comes
// first, whole; each other branch follows with only the messages after the point where it forks from
// the branches already written. Pure.

// Which parts are shown. Renderings of the backup show everything; printing one chat shows the
// conversation with tool calls on one line each, unless filters say otherwise.
export interface View {
  user: boolean;
  assistant: boolean;
  thinking: boolean;
  tools: "full" | "collapsed" | "none";
}
export const FULL_VIEW: View = { user: true, assistant: true, thinking: true, tools: "full" };
export const PRINT_VIEW: View = { user: true, assistant: true, thinking: false, tools: "collapsed" };

// The chat's facts, for front matter and page headers (absent ones are undefined).
export interface ChatMeta {
  title: string;
  uuid: string;
  url: string;
  organization?: string;
  project?: string;
  model?: string;
  created?: string;
  updated?: string;
  starred: boolean;
}

export interface DocMessage {
  uuid: string;
  sender: string; // "human" | "assistant" | as given
  createdAt: string;
  fork?: { index: number; count: number }; // set where the message is one of several versions
  parts: Part[];
}

export interface Section {
  number: number; // 1-based branch number, 1 = the active branch
  total: number;
  active: boolean;
  leaf: string;
  forkAfter?: string; // the last message shared with an earlier section (undefined: from the root)
  forkAfterTime?: string;
  messages: DocMessage[];
}

export interface ChatDocument {
  meta: ChatMeta;
  sections: Section[];
  branchCount: number;
  view: View;
  events: Map<string, ArtifactEvent>; // artifact calls by tool call id, across branches
  replays: Replay[]; // per branch, branch number - 1
  eventBranch: Map<string, number>; // the branch (0-based) whose replay an event was first seen on
}

// Which branches a document holds: the active one, all of them, or one by number (1-based).
export type BranchChoice = "active" | "all" | number;

// Builds the document of a chat JSON. `organization` is the organization's name when known.
export function buildDocument(
  chat: Record<string, unknown>,
  options: { branches: BranchChoice; view: View; organization?: string },
): ChatDocument {
  const tree = buildChatTree(chat);
  const branches = listBranches(tree);
  const replays = branches.map((b) => replayArtifacts(b.path));
  const events = new Map<string, ArtifactEvent>();
  const eventBranch = new Map<string, number>();
  replays.forEach((replay, index) => {
    for (const [key, event] of replay.events) {
      if (events.has(key)) continue;
      events.set(key, event);
      eventBranch.set(key, index);
    }
  });
  const chosen = chooseBranches(branches, options.branches);
  const written = new Set<string>();
  const sections: Section[] = [];
  for (const index of chosen) {
    const branch = branches[index];
    if (!branch) continue;
    let start = 0;
    while (start < branch.path.length && written.has(branch.path[start]?.uuid ?? "")) start++;
    const messages = branch.path.slice(start).map((m): DocMessage => {
      written.add(m.uuid);
      const position = siblingPosition(tree, m);
      return {
        uuid: m.uuid,
        sender: m.sender,
        createdAt: m.createdAt,
        fork: position.count > 1 ? position : undefined,
        parts: visibleParts(m.sender, messageParts(m.raw), options.view),
      };
    });
    sections.push({
      number: index + 1,
      total: branches.length,
      active: branch.active,
      leaf: branch.leaf,
      forkAfter: start > 0 ? branch.path[start - 1]?.uuid : undefined,
      forkAfterTime: start > 0 ? branch.path[start - 1]?.createdAt : undefined,
      messages,
    });
  }
  return {
    meta: chatMeta(chat, tree, options.organization),
    sections,
    branchCount: branches.length,
    view: options.view,
    events,
    replays,
    eventBranch,
  };
}

function chooseBranches(branches: readonly Branch[], choice: BranchChoice): number[] {
  if (choice === "all") return branches.map((_, i) => i);
  if (choice === "active") return branches.length ? [0] : [];
  return [choice - 1];
}

// The parts a view keeps. Human messages are the "user" filter; in Claude's, text and unknown blocks
// are "assistant", thinking is "thinking", and tool calls, results and artifacts are "tools".
export function visibleParts(sender: string, parts: readonly Part[], view: View): Part[] {
  return parts.filter((part) => {
    if (sender === "human") return view.user;
    switch (part.kind) {
      case "thinking":
        return view.thinking;
      case "tool-call":
      case "artifact":
        return view.tools !== "none";
      case "tool-result":
        return view.tools === "full";
      default:
        return view.assistant;
    }
  });
}

function chatMeta(chat: Record<string, unknown>, tree: ChatTree, organization?: string): ChatMeta {
  const uuid = typeof chat.uuid === "string" ? chat.uuid : "";
  const project =
    isRecord(chat.project) && typeof chat.project.name === "string" ? chat.project.name : undefined;
  return {
    title: typeof chat.name === "string" && chat.name ? chat.name : "Untitled",
    uuid,
    url: uuid ? claudeChatUrl(uuid) : "",
    organization,
    project: project ?? (typeof chat.project_uuid === "string" ? chat.project_uuid : undefined),
    model: typeof chat.model === "string" ? chat.model : undefined,
    created: typeof chat.created_at === "string" ? chat.created_at : tree.activePath[0]?.createdAt,
    updated: typeof chat.updated_at === "string" ? chat.updated_at : undefined,
    starred: chat.is_starred === true,
  };
}
