import { stat } from "node:fs/promises";
import { readChatJson } from "../archive/archive.ts";
import { type ManifestEntry, readManifest } from "../archive/file-manifest.ts";
import { branchThrough, buildChatTree, type ChatTree, type TreeMessage } from "../core/chat-tree.ts";
import type { ChatMeta } from "./chat-index.ts";

// A chat opened for showing: its JSON, its tree, the branch to show and its stored files' manifest.

export interface OpenChat {
  meta: ChatMeta;
  chat: Record<string, unknown>;
  tree: ChatTree;
  path: TreeMessage[]; // root → leaf of the branch shown
  manifest: ManifestEntry[];
  stamp: string; // path, mtime and size of the chat file as read
}

// Opens `meta`'s chat on the branch through message `at` (the active branch when `at` is not in it);
// undefined when the file is gone or is not a chat (a sync may have just renamed it).
export async function openChat(meta: ChatMeta, at: string | null): Promise<OpenChat | undefined> {
  const info = await stat(meta.path).catch(() => undefined);
  const [chat, manifest] = await Promise.all([
    readChatJson(meta.path),
    readManifest(meta.org.dir, meta.uuid),
  ]);
  if (!chat || !info) return undefined;
  const tree = buildChatTree(chat);
  const path = at && tree.messages.has(at) ? branchThrough(tree, at) : tree.activePath;
  return {
    meta,
    chat,
    tree,
    path,
    manifest,
    stamp: `${meta.path}:${info.mtimeMs}:${info.size}:${manifest.length}`,
  };
}
