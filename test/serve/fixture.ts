import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { listOrgFolders } from "../../src/archive/org-folders.ts";
import { ROOT_PARENT } from "../../src/core/chat-tree.ts";
import {
  blobPath,
  chatsDirOf,
  listFileOf,
  manifestFileOf,
  memoryFileOf,
  projectsDirOf,
} from "../../src/core/layout.ts";
import { chatFileName, chatSlug } from "../../src/core/names.ts";
import { pngImage } from "../fake-claude/png.ts";

// The special cases the viewer's tests need, written as synthetic JSON into a backup a real sync made
// (or into an empty one): a chat that forks, chat text and artifacts full of script, a stored image
// and a stored HTML file, a project with instructions and docs, and the organization's memory.

export const IDS = {
  branchChat: "0a000000-0000-4000-8000-00000000b001",
  scriptChat: "0a000000-0000-4000-8000-00000000c001",
  imageChat: "0a000000-0000-4000-8000-00000000d001",
  project: "0a000000-0000-4000-8000-00000000e001",
  imageFile: "0a000000-0000-4000-8000-00000000f001",
  htmlFile: "0a000000-0000-4000-8000-00000000f002",
  question: "0a000000-0000-4000-8000-0000000a0001",
  alpha: "0a000000-0000-4000-8000-0000000a0002",
  beta: "0a000000-0000-4000-8000-0000000a0003",
} as const;

// A word only the branch that is not active holds, for search.
export const BETA_WORD = "zanzibarquux";

export interface Special {
  orgDir: string;
  orgUuid: string;
  imageSha: string;
  htmlSha: string;
}

const T0 = "2030-01-01T10:00:00.000000Z";
const T1 = "2030-01-01T10:01:00.000000Z";
const T2 = "2030-01-01T10:02:00.000000Z";

// Adds the special chats to the first organization of `root` (creating one when there is none).
export async function addSpecialChats(root: string): Promise<Special> {
  const [org] = await listOrgFolders(root);
  const orgUuid = org?.uuid ?? "0a000000-0000-4000-8000-000000000001";
  const orgDir = org?.dir ?? join(root, "organizations", `Test org-${orgUuid}`);
  const png = pngImage("viewer-test", 64, 48);
  const imageSha = await storeBlob(root, png);
  const htmlSha = await storeBlob(root, Buffer.from("<script>window.__pwned='file'</script>"));
  const chats = [branchChat(), scriptChat(), imageChat()];
  for (const chat of chats) await put(join(chatsDirOf(orgDir), chatFileName(chat.name, chat.uuid)), chat);
  await put(manifestFileOf(orgDir, IDS.imageChat), [
    manifestEntry(IDS.imageFile, "preview", "tiny.png", imageSha, png.length, "image/png"),
    manifestEntry(IDS.htmlFile, "document", "page.html", htmlSha, 40, "text/html"),
  ]);
  const rows = await readRows(listFileOf(orgDir));
  const special = new Set<string>(chats.map((c) => c.uuid));
  const kept = rows.filter((row) => !special.has(String(row.uuid)));
  await put(listFileOf(orgDir), [...chats.map(rowOf), ...kept]);
  const projectDir = join(projectsDirOf(orgDir), chatSlug("Viewer project", IDS.project));
  await put(join(projectDir, "project.json"), {
    uuid: IDS.project,
    name: "Viewer project",
    description: "A project for the viewer tests",
    prompt_template: "Always answer in **haiku**.",
    created_at: T0,
    updated_at: T1,
  });
  await put(join(projectDir, "docs.json"), [
    {
      uuid: "0a000000-0000-4000-8000-0000000d0001",
      file_name: "style.md",
      content: "# House style\nUse metric.",
      created_at: T0,
    },
  ]);
  await put(memoryFileOf(orgDir), { memory: "The user bakes sourdough on weekends." });
  return { orgDir, orgUuid, imageSha, htmlSha };
}

function branchChat() {
  return chat(
    IDS.branchChat,
    "Fork test chat",
    IDS.alpha,
    T2,
    [
      message(IDS.question, ROOT_PARENT, "human", T0, [text("Tell me about forks")]),
      message(IDS.alpha, IDS.question, "assistant", T1, [text("Reply ALPHA: the first answer.")]),
      message(IDS.beta, IDS.question, "assistant", T2, [
        text(`Reply BETA: the second answer, about ${BETA_WORD}.`),
      ]),
    ],
    { project_uuid: IDS.project, is_starred: true },
  );
}

function scriptChat() {
  const page = `<!doctype html><p id="out">not run</p><script>document.getElementById("out").textContent = "artifact ran";
try { window.parent.__pwned = "artifact"; } catch (e) {} try { window.top.__pwned = "artifact"; } catch (e) {}</script>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><script>try { parent.__pwned = "svg"; } catch (e) {}</script><rect width="80" height="40" fill="teal"/></svg>`;
  const q = "0a000000-0000-4000-8000-0000000c0001";
  const a = "0a000000-0000-4000-8000-0000000c0002";
  return chat(IDS.scriptChat, "<script>window.__pwned='title'</script> Script chat", a, T1, [
    message(q, ROOT_PARENT, "human", T0, [
      text(`<script>window.__pwned = "human"</script><img src=x onerror="window.__pwned='img'"> please`),
    ]),
    message(a, q, "assistant", T1, [
      text(
        'Here: <script>window.__pwned = "assistant"</script> and [a link](javascript:window.__pwned=1).\n\n```python\nprint("hello")\n```\n',
      ),
      {
        type: "tool_use",
        id: "toolu_html",
        name: "artifacts",
        input: { id: "page", command: "create", type: "text/html", title: "Script page", content: page },
      },
      {
        type: "tool_use",
        id: "toolu_svg",
        name: "artifacts",
        input: { id: "pic", command: "create", type: "image/svg+xml", title: "Teal box", content: svg },
      },
    ]),
  ]);
}

function imageChat() {
  const q = "0a000000-0000-4000-8000-0000000d0101";
  const a = "0a000000-0000-4000-8000-0000000d0102";
  const files = [
    { file_kind: "image", file_uuid: IDS.imageFile, file_name: "tiny.png", success: true, created_at: T0 },
    { file_kind: "document", file_uuid: IDS.htmlFile, file_name: "page.html", success: true, created_at: T0 },
  ];
  return chat(IDS.imageChat, "Image chat", a, T0, [
    { ...message(q, ROOT_PARENT, "human", T0, [text("What is in this picture?")]), files_v2: files, files },
    message(a, q, "assistant", T0, [text("A tiny picture.")]),
  ]);
}

function chat(
  uuid: string,
  name: string,
  leaf: string,
  updated: string,
  messages: unknown[],
  extra: Record<string, unknown> = {},
) {
  return {
    uuid,
    name,
    summary: "",
    model: "claude-test-1",
    created_at: T0,
    updated_at: updated,
    is_starred: false,
    project_uuid: null,
    current_leaf_message_uuid: leaf,
    ...extra,
    chat_messages: messages,
  };
}

function message(uuid: string, parent: string, sender: string, at: string, content: unknown[]) {
  return {
    uuid,
    parent_message_uuid: parent,
    sender,
    created_at: at,
    updated_at: at,
    text: "",
    content,
    attachments: [],
    files_v2: [],
    files: [],
  };
}

function text(value: string) {
  return { type: "text", text: value, citations: [] };
}

function rowOf(chat: ReturnType<typeof branchChat>) {
  const { chat_messages: _, ...row } = chat;
  return row;
}

function manifestEntry(
  fileUuid: string,
  variant: string,
  fileName: string,
  sha256: string,
  size: number,
  contentType: string,
) {
  return {
    key: `file:${fileUuid}:${variant}`,
    fileUuid,
    variant,
    fileName,
    status: "ok",
    sha256,
    size,
    contentType,
  };
}

async function storeBlob(root: string, bytes: Buffer): Promise<string> {
  const sha = createHash("sha256").update(bytes).digest("hex");
  const path = blobPath(root, sha);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, bytes, { mode: 0o600 });
  return sha;
}

async function readRows(path: string): Promise<Record<string, unknown>[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

// Writes JSON like the sync does (folders 0700, files 0600).
export async function put(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify(value), { mode: 0o600 });
}
