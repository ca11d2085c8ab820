import { createHash, randomUUID } from "node:crypto";
import { link, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ManifestEntry } from "../../src/archive/file-manifest.ts";
import { blobPath, chatFilesDirOf, manifestFileOf } from "../../src/core/layout.ts";
import { chatFileName, orgDirName } from "../../src/core/names.ts";

// A backup folder as the original Python tool leaves it: `version`, account.json, one organization
// with its list and chat files, all with the default umask's modes (0644 files, 0755 folders), and
// one chat from its dot bug (`Setting_up_Node.json`, no uuid in the name).
export async function writeOriginalFolder(
  root: string,
  options: { chats: number; messageBytes?: number; fileMode?: number; dirMode?: number },
): Promise<{ orgDir: string; chatPaths: string[] }> {
  const fileMode = options.fileMode ?? 0o644;
  const dirMode = options.dirMode ?? 0o755;
  const org = { uuid: randomUUID(), name: "Personal" };
  const orgDir = join(root, "organizations", orgDirName(org.name, org.uuid));
  const chatsDir = join(orgDir, "chat_conversations");
  await mkdir(chatsDir, { recursive: true, mode: dirMode });
  await writeFile(join(root, "version"), "0.1.8\n", { mode: fileMode });
  const account = { uuid: randomUUID(), memberships: [{ organization: org }] };
  await writeFile(join(root, "account.json"), JSON.stringify(account), { mode: fileMode });
  const rows: unknown[] = [];
  const chatPaths: string[] = [];
  const text = "All work and no play makes a dull chat. ".repeat(
    Math.ceil((options.messageBytes ?? 400) / 40),
  );
  for (let i = 0; i < options.chats; i++) {
    const uuid = randomUUID();
    const name = i === 0 ? "Setting up Node.js" : `Chat number ${i}`;
    const updated = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    const row = { uuid, name, created_at: updated, updated_at: updated };
    rows.push(row);
    const messages = [0, 1, 2, 3].map((n) => ({
      uuid: randomUUID(),
      sender: n % 2 ? "assistant" : "human",
      text,
      content: [{ type: "text", text }],
    }));
    const file = i === 0 ? "Setting_up_Node.json" : chatFileName(name, uuid);
    const path = join(chatsDir, file);
    await writeFile(path, JSON.stringify({ ...row, chat_messages: messages }), { mode: fileMode });
    chatPaths.push(path);
  }
  await writeFile(join(orgDir, "chat_conversations.json"), JSON.stringify(rows), { mode: fileMode });
  return { orgDir, chatPaths };
}

// Adds `count` stored files of `bytes` each, with manifests and hard links, as the files sync would.
export async function addManyStoredFiles(
  root: string,
  orgDir: string,
  chatPaths: readonly string[],
  count: number,
  bytes: number,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const chatPath = chatPaths[(i + 1) % chatPaths.length] ?? "";
    const chatUuid = /([0-9a-f-]{36})\.json$/.exec(chatPath)?.[1];
    if (!chatUuid) continue;
    const content = Buffer.alloc(bytes, `stored file ${i} `);
    const sha256 = createHash("sha256").update(content).digest("hex");
    const blob = blobPath(root, sha256);
    await mkdir(join(blob, ".."), { recursive: true, mode: 0o700 });
    await writeFile(blob, content, { mode: 0o600 });
    const entry: ManifestEntry = {
      key: `file:${randomUUID()}:preview`,
      variant: "preview",
      fileName: `f${i}.png`,
      status: "ok",
      sha256,
      size: bytes,
      link: `f${i}.png`,
    };
    await mkdir(join(orgDir, "file_manifests"), { recursive: true, mode: 0o700 });
    await writeFile(manifestFileOf(orgDir, chatUuid), JSON.stringify([entry]), { mode: 0o600 });
    const linkDir = join(chatFilesDirOf(orgDir), (chatPath.split("/").pop() ?? "").replace(/\.json$/, ""));
    await mkdir(linkDir, { recursive: true, mode: 0o700 });
    await link(blob, join(linkDir, `f${i}.png`));
  }
}
