import { mkdir, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT_PARENT } from "../../src/core/chat-tree.ts";
import { chatFileName, orgDirName } from "../../src/core/names.ts";
import { runInProcess } from "../helpers/run-in-process.ts";

// A small synthetic backup written straight into the layout the sync makes, and a way to run a
// command line in-process against it.

export const ORG_A = { uuid: "0a000000-0000-4000-8000-00000000000a", name: "Acme Research" };
export const ORG_B = { uuid: "0b000000-0000-4000-8000-00000000000b", name: "Personal" };
export const PROJECT = { uuid: "0c000000-0000-4000-8000-00000000000c", name: "Baking Lab" };

export interface FixtureMessage {
  uuid: string;
  parent?: string;
  sender: "human" | "assistant";
  createdAt: string;
  content?: unknown[];
  text?: string;
  attachments?: unknown[];
  files_v2?: unknown[];
}

export interface FixtureChat {
  uuid: string;
  org: { uuid: string; name: string };
  name: string;
  updatedAt: string;
  model?: string | null;
  starred?: boolean;
  projectUuid?: string;
  leaf?: string;
  messages: FixtureMessage[];
}

// A message with one text block.
export function say(
  uuid: string,
  sender: FixtureMessage["sender"],
  createdAt: string,
  text: string,
  parent?: string,
) {
  return { uuid, sender, createdAt, parent, content: [{ type: "text", text, citations: [] }] };
}

// The chat's JSON as the sync saves it.
export function chatJson(chat: FixtureChat): Record<string, unknown> {
  let previous = ROOT_PARENT;
  const messages = chat.messages.map((m, index) => {
    const parent = m.parent ?? previous;
    previous = m.uuid;
    return {
      uuid: m.uuid,
      parent_message_uuid: parent,
      sender: m.sender,
      index,
      text: m.text ?? "",
      content: m.content ?? [],
      created_at: m.createdAt,
      updated_at: m.createdAt,
      attachments: m.attachments ?? [],
      files_v2: m.files_v2 ?? [],
      files: [],
    };
  });
  return {
    uuid: chat.uuid,
    name: chat.name,
    summary: "",
    model: chat.model ?? null,
    created_at: chat.messages[0]?.createdAt ?? chat.updatedAt,
    updated_at: chat.updatedAt,
    is_starred: chat.starred ?? false,
    project_uuid: chat.projectUuid ?? null,
    current_leaf_message_uuid: chat.leaf ?? chat.messages.at(-1)?.uuid ?? null,
    chat_messages: messages,
  };
}

export function chatPath(root: string, chat: FixtureChat): string {
  return join(
    root,
    "organizations",
    orgDirName(chat.org.name, chat.org.uuid),
    "chat_conversations",
    chatFileName(chat.name, chat.uuid),
  );
}

// Writes (or rewrites) one chat file, its mtime set to updated_at as the sync does.
export async function writeChat(root: string, chat: FixtureChat): Promise<void> {
  const path = chatPath(root, chat);
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, JSON.stringify(chatJson(chat)));
  const when = new Date(chat.updatedAt);
  await utimes(path, when, when);
}

export async function removeChat(root: string, chat: FixtureChat): Promise<void> {
  await rm(chatPath(root, chat));
}

// account.json, and every chat.
export async function writeBackup(root: string, chats: readonly FixtureChat[]): Promise<void> {
  const memberships = [ORG_A, ORG_B].map((organization) => ({ organization }));
  await mkdir(join(root, "organizations"), { recursive: true });
  await writeFile(join(root, "account.json"), JSON.stringify({ uuid: "acc", memberships }));
  for (const chat of chats) await writeChat(root, chat);
}

// A project folder as the projects sync lays it out.
export async function writeProject(
  root: string,
  org: { uuid: string; name: string },
  docs: unknown[],
): Promise<void> {
  const dir = join(
    root,
    "organizations",
    orgDirName(org.name, org.uuid),
    "projects",
    orgDirName(PROJECT.name, PROJECT.uuid),
  );
  await mkdir(dir, { recursive: true });
  const project = {
    ...PROJECT,
    description: "Bread experiments",
    prompt_template: "Answer like a baker",
    updated_at: "2026-01-05T10:00:00Z",
  };
  await writeFile(join(dir, "project.json"), JSON.stringify(project));
  await writeFile(join(dir, "docs.json"), JSON.stringify(docs));
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Runs `claude-backup <argv>` in-process, with `env` and a stdout that may claim to be a TTY.
export async function cli(argv: string[], env: Record<string, string> = {}, tty = false): Promise<Run> {
  return runInProcess(argv, { env, tty });
}

// The JSON lines of a --json run.
export function jsonLines(run: Run): Record<string, unknown>[] {
  return run.stdout
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
