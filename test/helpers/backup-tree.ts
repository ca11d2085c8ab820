import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { isTempFile } from "../../src/core/temp-names.ts";

// Reads a backup folder into plain data, for comparing it with the fake server's state.
export interface OrgFolder {
  dir: string;
  list: unknown[] | undefined; // chat_conversations.json
  chats: Map<string, { file: string; body: string; mtimeMs: number; mode: number }[]>; // by uuid
}

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;

export async function readOrgFolder(orgDir: string): Promise<OrgFolder> {
  let list: unknown[] | undefined;
  try {
    list = JSON.parse(await readFile(join(orgDir, "chat_conversations.json"), "utf8")) as unknown[];
  } catch {
    list = undefined;
  }
  const chats: OrgFolder["chats"] = new Map();
  const chatsDir = join(orgDir, "chat_conversations");
  for (const file of await readdir(chatsDir).catch(() => [] as string[])) {
    // A temp file a killed run left behind (test/helpers/consistency.ts reports those).
    if (isTempFile(file)) continue;
    const path = join(chatsDir, file);
    const body = await readFile(path, "utf8");
    const info = await stat(path);
    const uuid = UUID_AT_END.exec(file)?.[1] ?? (JSON.parse(body) as { uuid: string }).uuid;
    const rows = chats.get(uuid) ?? [];
    rows.push({ file, body, mtimeMs: info.mtimeMs, mode: info.mode & 0o777 });
    chats.set(uuid, rows);
  }
  return { dir: orgDir, list, chats };
}

// Every file and folder under root (relative paths), with its permission bits.
export async function listTree(root: string): Promise<{ path: string; dir: boolean; mode: number }[]> {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  const walk = async (rel: string) => {
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel ? join(rel, entry.name) : entry.name;
      const info = await stat(join(root, path));
      out.push({ path, dir: entry.isDirectory(), mode: info.mode & 0o777 });
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk("");
  return out;
}
