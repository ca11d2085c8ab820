import type { TreeMessage } from "../core/chat-tree.ts";
import { isRecord } from "../core/guards.ts";

// Rebuilds artifacts and sandbox files by replaying, in order along one branch, the `artifacts` tool
// calls (create | rewrite: whole content; update: one literal old_str → new_str) and Claude's file tools
// (create_file: whole file_text; str_replace: one literal replacement). Pure.

// What one call did. `target` names the artifact (`artifact:<id>`) or sandbox file (`file:<path>`).
export interface ArtifactEvent {
  key: string; // the tool call's id
  target: string;
  command: string;
  title: string;
  ok: boolean;
  error?: string; // why an update did not apply
  version: number; // the artifact's version after this call (unchanged when it failed)
}

// An artifact as it stands at the end of the branch, with every version it went through.
export interface ArtifactState {
  target: string;
  title: string;
  type: string;
  language: string;
  path: string; // sandbox path for file tools, "" for artifacts
  content: string;
  versions: string[]; // versions[n - 1] is version n
}

export interface Replay {
  events: Map<string, ArtifactEvent>;
  artifacts: Map<string, ArtifactState>; // in order of creation
}

// Replays every artifact and file-tool call found on `path` (root → leaf).
export function replayArtifacts(path: readonly TreeMessage[]): Replay {
  const events = new Map<string, ArtifactEvent>();
  const artifacts = new Map<string, ArtifactState>();
  for (const message of path) {
    const content = Array.isArray(message.raw.content) ? message.raw.content : [];
    content.forEach((block, index) => {
      if (!isRecord(block) || block.type !== "tool_use" || !isRecord(block.input)) return;
      const key = typeof block.id === "string" && block.id ? block.id : `${message.uuid}:${index}`;
      const event = applyCall(artifacts, String(block.name), block.input, key);
      if (event) events.set(key, event);
    });
  }
  return { events, artifacts };
}

// Replaces the first occurrence of `oldStr` by `newStr`, literally (no `$&` patterns: indexOf and slices).
export function replaceOnce(text: string, oldStr: string, newStr: string): string | undefined {
  if (oldStr === "") return undefined;
  const at = text.indexOf(oldStr);
  if (at < 0) return undefined;
  return text.slice(0, at) + newStr + text.slice(at + oldStr.length);
}

function applyCall(
  artifacts: Map<string, ArtifactState>,
  name: string,
  input: Record<string, unknown>,
  key: string,
): ArtifactEvent | undefined {
  if (name === "artifacts") {
    const target = `artifact:${str(input.id) || str(input.title) || key}`;
    const command = str(input.command) || "create";
    const existing = artifacts.get(target);
    const state = existing ?? {
      target,
      title: str(input.title),
      type: str(input.type),
      language: str(input.language),
      path: "",
      content: "",
      versions: [],
    };
    if (input.title) state.title = str(input.title);
    if (input.type) state.type = str(input.type);
    if (input.language) state.language = str(input.language);
    if (command === "update") return edit(artifacts, state, existing, input, key, command);
    if (command === "create" || command === "rewrite")
      return put(artifacts, state, str(input.content), key, command);
    // delete and commands not seen yet: recorded, nothing replayed.
    return { key, target, command, title: state.title, ok: true, version: state.versions.length };
  }
  const path = str(input.path);
  if (!path) return undefined;
  const target = `file:${path}`;
  const existing = artifacts.get(target);
  const state = existing ?? {
    target,
    title: path.split("/").pop() || path,
    type: "",
    language: "",
    path,
    content: "",
    versions: [],
  };
  if (name === "create_file") return put(artifacts, state, str(input.file_text), key, name);
  return edit(artifacts, state, existing, input, key, name);
}

function put(
  artifacts: Map<string, ArtifactState>,
  state: ArtifactState,
  content: string,
  key: string,
  command: string,
): ArtifactEvent {
  state.content = content;
  state.versions.push(content);
  artifacts.set(state.target, state);
  return { key, target: state.target, command, title: state.title, ok: true, version: state.versions.length };
}

function edit(
  artifacts: Map<string, ArtifactState>,
  state: ArtifactState,
  existing: ArtifactState | undefined,
  input: Record<string, unknown>,
  key: string,
  command: string,
): ArtifactEvent {
  const base = { key, target: state.target, command, title: state.title };
  if (!existing)
    return { ...base, ok: false, error: "edits something never created on this branch", version: 0 };
  const oldStr = str(input.old_str);
  const next = replaceOnce(existing.content, oldStr, str(input.new_str));
  if (next === undefined) {
    const error = oldStr === "" ? "old_str is empty" : "old_str is not in the current version";
    return { ...base, ok: false, error, version: existing.versions.length };
  }
  return put(artifacts, existing, next, key, command);
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}
