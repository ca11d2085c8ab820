import { mkdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chatFileName, orgDirName } from "../../src/core/names.ts";

// Synthetic chats for the render tests: one branching chat holding every block type, and a writer
// that lays chats out as a backup folder (the original tool's layout, plus manifests when given).

export const ORG = { uuid: "9b7e2c41-2222-4f0a-8e77-51d2c0ffee01", name: 'Acme "R&D": <team>' };
export const CHAT_UUID = "019c2b10-0000-7d1f-a2b4-0e9d8c7b6a51";
export const IMAGE_UUID = "a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10";
export const ROOT = "00000000-0000-4000-8000-000000000000";
export const HOSTILE_TITLE = 'Say "hi": <script>alert(1)</script>\n# not a heading';

const ids = {
  m1: "019c2b10-0001-7000-8000-000000000001",
  m2: "019c2b10-0002-7000-8000-000000000002",
  m3: "019c2b10-0003-7000-8000-000000000003",
  m4: "019c2b10-0004-7000-8000-000000000004",
  m3b: "019c2b10-0005-7000-8000-000000000005",
  m4b: "019c2b10-0006-7000-8000-000000000006",
  m5: "019c2b10-0007-7000-8000-000000000007",
};
export const MESSAGE_IDS = ids;

function message(
  uuid: string,
  parent: string,
  sender: string,
  minute: number,
  content: unknown[],
  extra = {},
) {
  const at = `2026-02-01T09:${String(minute).padStart(2, "0")}:00.000000Z`;
  return {
    uuid,
    parent_message_uuid: parent,
    sender,
    index: 0,
    text: "",
    content,
    created_at: at,
    updated_at: at,
    attachments: [],
    files: [],
    files_v2: [],
    ...extra,
  };
}

const text = (t: string, citations: unknown[] = []) => ({ type: "text", text: t, citations });
const artifact = (id: string, input: Record<string, unknown>) => ({
  type: "tool_use",
  id,
  name: "artifacts",
  input,
});

// A chat with three branches (an edited question and a regenerated answer) and every kind of part.
export function branchingChat(): Record<string, unknown> {
  const image = {
    success: true,
    file_kind: "image",
    file_uuid: IMAGE_UUID,
    file_name: "crumb (1).jpg",
    preview_url: `/api/${ORG.uuid}/files/${IMAGE_UUID}/preview`,
  };
  const pdf = {
    success: true,
    file_kind: "document",
    file_uuid: "c0ffee00-9999-4abc-8def-001122334455",
    file_name: "recipe.pdf",
  };
  return {
    uuid: CHAT_UUID,
    name: HOSTILE_TITLE,
    model: "claude-sonnet-4-5",
    created_at: "2026-02-01T09:00:00.000000Z",
    updated_at: "2026-02-01T10:00:00.000000Z",
    is_starred: true,
    project_uuid: null,
    current_leaf_message_uuid: ids.m4,
    chat_messages: [
      message(ids.m1, ROOT, "human", 1, [text("Hello <script>alert('user')</script> first question")], {
        attachments: [{ file_name: "notes.txt", extracted_content: "flour 500g, water 375g" }],
        files_v2: [image, pdf],
        files: [image],
        sync_sources: [{ type: "github", config: { owner: "example", repo: "demo", branch: "main" } }],
      }),
      message(ids.m2, ids.m1, "assistant", 2, [
        { type: "thinking", thinking: "Let me think about hydration.", cut_off: false },
        { type: "tool_use", id: "toolu_search", name: "web_search", input: { query: "sourdough hydration" } },
        {
          type: "tool_result",
          tool_use_id: "toolu_search",
          name: "web_search",
          content: [
            { type: "knowledge", title: "Hydration explained", url: "https://example.com/hydration" },
            { type: "knowledge", title: "Evil", url: "javascript:alert(1)" },
          ],
        },
        artifact("toolu_art1", {
          id: "calc",
          command: "create",
          type: "application/vnd.ant.code",
          language: "python",
          title: "../../Hydration calc",
          content: "def hydration(flour, water):\n    return water / flour\n",
        }),
        text("Here is the answer <script>alert('claude')</script> with [a bad link](javascript:alert(2)).", [
          { url: "https://example.com/source", title: "A source" },
        ]),
        { type: "mystery_block", payload: { answer: 42 } },
      ]),
      message(ids.m3, ids.m2, "human", 3, [text("Please change it")]),
      message(ids.m4, ids.m3, "assistant", 4, [
        artifact("toolu_art2", {
          id: "calc",
          command: "update",
          old_str: "water / flour",
          new_str: "$& * 100 # $1 $$",
        }),
        artifact("toolu_art3", { id: "calc", command: "update", old_str: "not in the text", new_str: "x" }),
        {
          type: "tool_use",
          id: "toolu_bash",
          name: "bash_tool",
          input: { command: "ls -la /tmp", description: "list" },
        },
        {
          type: "tool_result",
          tool_use_id: "toolu_bash",
          name: "bash_tool",
          content: [{ type: "text", text: "total 0" }],
        },
        {
          type: "tool_use",
          id: "toolu_file1",
          name: "create_file",
          input: { path: "/mnt/user-data/outputs/report.md", file_text: "# Report\n\nDraft one\n" },
        },
        {
          type: "tool_use",
          id: "toolu_file2",
          name: "str_replace",
          input: { path: "/mnt/user-data/outputs/report.md", old_str: "Draft one", new_str: "Final" },
        },
        text("Updated the calculator."),
      ]),
      message(ids.m3b, ids.m2, "human", 5, [text("Alternative question instead")]),
      message(ids.m4b, ids.m3b, "assistant", 6, [
        artifact("toolu_art4", { id: "calc", command: "rewrite", content: "print('rewritten')\n" }),
        text("Rewrote it on the other branch."),
      ]),
      message(ids.m5, ids.m3, "assistant", 7, [text("Regenerated answer here.")]),
    ],
  };
}

// A small plain chat (one question, one answer).
export function plainChat(uuid: string, name: string, answer = "An answer."): Record<string, unknown> {
  return {
    uuid,
    name,
    created_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-01T10:01:00Z",
    current_leaf_message_uuid: `${uuid.slice(0, 24)}000000000002`,
    chat_messages: [
      message(`${uuid.slice(0, 24)}000000000001`, ROOT, "human", 1, [text(`Question for ${name}`)]),
      message(`${uuid.slice(0, 24)}000000000002`, `${uuid.slice(0, 24)}000000000001`, "assistant", 2, [
        text(answer),
      ]),
    ],
  };
}

// The organization folder of ORG in a backup at `root`.
export function orgDir(root: string): string {
  return join(root, "organizations", orgDirName(ORG.name, ORG.uuid));
}

// Writes chats (and account.json) as a backup made by the original tool; returns each chat's path.
export async function writeBackup(root: string, chats: Record<string, unknown>[]): Promise<string[]> {
  const dir = join(orgDir(root), "chat_conversations");
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(root, "account.json"),
    JSON.stringify({ memberships: [{ organization: { uuid: ORG.uuid, name: ORG.name } }] }),
  );
  const paths: string[] = [];
  for (const chat of chats) paths.push(await writeChat(root, chat));
  return paths;
}

// Writes one chat file under its `<name>-<uuid>.json` name, with its updated_at as mtime (as the sync does).
export async function writeChat(root: string, chat: Record<string, unknown>): Promise<string> {
  const path = join(orgDir(root), "chat_conversations", chatFileName(String(chat.name), String(chat.uuid)));
  await writeFile(path, JSON.stringify(chat));
  const when = new Date(String(chat.updated_at));
  await utimes(path, when, when);
  return path;
}
