import { isRecord } from "./guards.ts";

// A chat's messages as the tree they are: claude.ai keeps every edit and regeneration in one flat
// `chat_messages` array linked by `parent_message_uuid` (docs/claude-api.md, "Branches"). Pure.

// The parent of a first message.
export const ROOT_PARENT = "00000000-0000-4000-8000-000000000000";

// One message, with the fields the tree needs; `raw` is the message object as saved.
export interface TreeMessage {
  uuid: string;
  parent: string; // ROOT_PARENT for a first message
  sender: string; // "human" | "assistant" (kept as given)
  createdAt: string;
  raw: Record<string, unknown>;
}

export interface ChatTree {
  messages: Map<string, TreeMessage>;
  // Children of each message uuid (ROOT_PARENT for the first messages), oldest first.
  children: Map<string, TreeMessage[]>;
  // The leaf the chat shows on claude.ai: `current_leaf_message_uuid`, else the newest leaf.
  activeLeaf: string | undefined;
  // Root → active leaf.
  activePath: TreeMessage[];
  // Every leaf, the active one first, then by creation time.
  leaves: TreeMessage[];
}

// One branch: the path from the root to a leaf.
export interface Branch {
  leaf: string;
  path: TreeMessage[];
  active: boolean;
}

// Builds the tree of a chat JSON (API copy or imported). Messages without a parent pointer (old
// exports) are chained in array order, so such chats read as one branch.
export function buildChatTree(chat: Record<string, unknown>): ChatTree {
  const rawMessages = Array.isArray(chat.chat_messages) ? chat.chat_messages.filter(isRecord) : [];
  const messages = new Map<string, TreeMessage>();
  let previous = ROOT_PARENT;
  rawMessages.forEach((raw, index) => {
    const uuid = typeof raw.uuid === "string" ? raw.uuid : `message-${index}`;
    const parent = typeof raw.parent_message_uuid === "string" ? raw.parent_message_uuid : previous;
    messages.set(uuid, {
      uuid,
      parent,
      sender: typeof raw.sender === "string" ? raw.sender : "unknown",
      createdAt: typeof raw.created_at === "string" ? raw.created_at : "",
      raw,
    });
    previous = uuid;
  });
  const children = new Map<string, TreeMessage[]>();
  for (const message of messages.values()) {
    // A parent that is not in the chat (a truncated tree) makes its message a root, so nothing is lost.
    const parent = messages.has(message.parent) ? message.parent : ROOT_PARENT;
    const list = children.get(parent);
    if (list) list.push(message);
    else children.set(parent, [message]);
  }
  for (const list of children.values()) list.sort(byCreation);
  const leafList = [...messages.values()].filter((m) => !children.has(m.uuid));
  const current = typeof chat.current_leaf_message_uuid === "string" ? chat.current_leaf_message_uuid : "";
  const newest = [...leafList].sort(byCreation).at(-1);
  const activeLeaf = messages.has(current) ? current : newest?.uuid;
  const tree: ChatTree = { messages, children, activeLeaf, activePath: [], leaves: [] };
  tree.activePath = activeLeaf ? pathTo(tree, activeLeaf) : [];
  tree.leaves = leafList.sort((a, b) =>
    a.uuid === activeLeaf ? -1 : b.uuid === activeLeaf ? 1 : byCreation(a, b),
  );
  return tree;
}

// The messages from the root down to `uuid` (which need not be a leaf); [] for an unknown uuid.
export function pathTo(tree: ChatTree, uuid: string): TreeMessage[] {
  const path: TreeMessage[] = [];
  const seen = new Set<string>();
  for (let m = tree.messages.get(uuid); m && !seen.has(m.uuid); m = tree.messages.get(m.parent)) {
    seen.add(m.uuid);
    path.push(m);
  }
  return path.reverse();
}

// The path from the root to the newest leaf under `uuid`: the branch that shows a message which
// is not on the active branch (a search hit, a fork's other side).
export function branchThrough(tree: ChatTree, uuid: string): TreeMessage[] {
  const onActive = tree.activePath.some((m) => m.uuid === uuid);
  if (onActive) return tree.activePath;
  let last = tree.messages.get(uuid);
  for (let kids = last ? tree.children.get(last.uuid) : undefined; kids?.length; ) {
    last = kids.at(-1);
    kids = last ? tree.children.get(last.uuid) : undefined;
  }
  return last ? pathTo(tree, last.uuid) : [];
}

// Every branch of the chat (one per leaf), the active one first.
export function listBranches(tree: ChatTree): Branch[] {
  return tree.leaves.map((leaf) => ({
    leaf: leaf.uuid,
    path: pathTo(tree, leaf.uuid),
    active: leaf.uuid === tree.activeLeaf,
  }));
}

// Where a message stands among its siblings: 1-based position and count ("2 of 3" at a fork).
export function siblingPosition(tree: ChatTree, message: TreeMessage): { index: number; count: number } {
  const parent = tree.messages.has(message.parent) ? message.parent : ROOT_PARENT;
  const siblings = tree.children.get(parent) ?? [message];
  return { index: siblings.findIndex((m) => m.uuid === message.uuid) + 1, count: siblings.length };
}

function byCreation(a: TreeMessage, b: TreeMessage): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  const ai = typeof a.raw.index === "number" ? a.raw.index : 0;
  const bi = typeof b.raw.index === "number" ? b.raw.index : 0;
  return ai - bi;
}
