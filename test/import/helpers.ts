import { createWriteStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";
import { runInProcess } from "../helpers/run-in-process.ts";

// Builders of synthetic official exports, and an in-process runner for `claude-backup import`.

export const ACCOUNT_UUID = "0b0e5c2a-1111-4aaa-8bbb-000000000001";

let counter = 0;
// A uuid unique within the test run (v4-shaped, lower case).
export function newUuid(): string {
  counter++;
  const hex = counter.toString(16).padStart(12, "0");
  return `e1e1e1e1-2222-4ccc-8ddd-${hex}`;
}

// A conversation as conversations.json has it: branches via parent_message_uuid, an unknown block type
// and unknown fields, which must all survive the import.
export function exportChat(init: { uuid?: string; name?: string; updatedAt?: string; text?: string } = {}) {
  const uuid = init.uuid ?? newUuid();
  const root = "00000000-0000-4000-8000-000000000000";
  const human = newUuid();
  const assistant = newUuid();
  const time = init.updatedAt ?? "2025-03-01T10:00:00.000000Z";
  return {
    uuid,
    name: init.name ?? `Exported chat ${uuid.slice(-4)}`,
    summary: "",
    created_at: "2025-02-01T09:00:00.000000Z",
    updated_at: time,
    account: { uuid: ACCOUNT_UUID },
    future_field: { nested: [1, 2.5, "x"], deep: { a: null, b: true } },
    chat_messages: [
      {
        uuid: human,
        text: init.text ?? "Hello <b>there</b>",
        content: [{ type: "text", text: init.text ?? "Hello <b>there</b>", citations: [] }],
        sender: "human",
        created_at: time,
        updated_at: time,
        attachments: [{ file_name: "notes.txt", extracted_content: "flour 500g" }],
        files: [{ file_name: "photo.jpg" }],
        parent_message_uuid: root,
      },
      {
        uuid: assistant,
        text: "",
        content: [
          { type: "thinking", thinking: "hmm", summaries: [] },
          { type: "hologram_2031", payload: { shape: "cube", faces: 6 } },
          { type: "text", text: "Hi!", citations: [], flags: null },
        ],
        sender: "assistant",
        created_at: time,
        updated_at: time,
        attachments: [],
        files: [],
        parent_message_uuid: human,
      },
    ],
  };
}

export function exportProject(init: { uuid?: string; name?: string; updatedAt?: string } = {}) {
  return {
    uuid: init.uuid ?? newUuid(),
    name: init.name ?? "Bread project",
    description: "All about bread",
    is_private: true,
    is_starter_project: false,
    prompt_template: "You are a baker.",
    created_at: "2025-01-01T00:00:00Z",
    updated_at: init.updatedAt ?? "2025-01-02T00:00:00Z",
    creator: { uuid: ACCOUNT_UUID, full_name: "Test User" },
    docs: [
      {
        uuid: newUuid(),
        filename: "recipe.md",
        content: "# Recipe\nflour",
        created_at: "2025-01-01T00:00:00Z",
      },
    ],
  };
}

export const USERS = [
  { uuid: ACCOUNT_UUID, full_name: "Test User", email_address: "t@example.com", verified_phone_number: null },
];
export const MEMORIES = [
  { account_uuid: ACCOUNT_UUID, conversations_memory: "Likes bread.", project_memories: {} },
];

// Writes a zip of `files` (name → content) to `path`.
export async function writeZip(path: string, files: Record<string, string | Buffer>): Promise<void> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(typeof content === "string" ? Buffer.from(content) : content, name);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Runs `claude-backup <argv>` in-process, with its own streams and environment (no real HOME).
export async function cli(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  return runInProcess(argv, { env: { HOME: "/nonexistent", ...env } });
}

// Every file under root with its bytes, for "the folder is unchanged" checks.
export async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        out.set(`${path}/`, "");
        await walk(path);
      } else out.set(path, `${(await stat(path)).mtimeMs}:${await readFile(path, "base64")}`);
    }
  };
  await walk(root);
  return out;
}

// The chat files of an organization folder, parsed, by uuid.
export async function chatsIn(
  orgDir: string,
): Promise<Map<string, { file: string; json: Record<string, unknown> }>> {
  const out = new Map<string, { file: string; json: Record<string, unknown> }>();
  const dir = join(orgDir, "chat_conversations");
  for (const file of await readdir(dir)) {
    if (!file.endsWith(".json")) continue;
    const json = JSON.parse(await readFile(join(dir, file), "utf8")) as Record<string, unknown>;
    out.set(String(json.uuid), { file, json });
  }
  return out;
}

// The single organization folder of a backup.
export async function onlyOrgDir(root: string): Promise<string> {
  const orgs = await readdir(join(root, "organizations"));
  if (orgs.length !== 1 || !orgs[0])
    throw new Error(`expected one organization folder, found ${orgs.join(", ")}`);
  return join(root, "organizations", orgs[0]);
}
