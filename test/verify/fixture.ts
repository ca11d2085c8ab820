import { createHash, randomUUID } from "node:crypto";
import { chmod, cp, link, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ManifestEntry } from "../../src/archive/file-manifest.ts";
import { blobPath, chatFilesDirOf, chatsDirOf, manifestFileOf } from "../../src/core/layout.ts";
import { uuidFromFileName } from "../../src/core/names.ts";
import { runInProcess } from "../helpers/run-in-process.ts";

// What a verify test works on: a backup folder, one organization and its chats, and the stored
// files written next to them.
export interface Fixture {
  root: string;
  orgDir: string;
  chats: { uuid: string; file: string; path: string }[];
  stored: { chatUuid: string; sha256: string; blob: string; link: string; manifest: string }[];
}

// Copies a synced backup (cp keeps file modes, not folder modes: those are set back to 0700).
export async function copyBackup(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, preserveTimestamps: true });
  const fix = async (dir: string) => {
    await chmod(dir, 0o700);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await fix(join(dir, entry.name));
    }
  };
  await fix(to);
}

// Writes what the files sync will write, by hand: for the first two chats of the first organization,
// a stored file (files/sha256/<aa>/<sha256>), its manifest and its hard link under chat_files/.
export async function addStoredFiles(root: string): Promise<Fixture> {
  const orgsDir = join(root, "organizations");
  const [orgName] = (await readdir(orgsDir)).sort();
  if (!orgName) throw new Error("no organization folder");
  const orgDir = join(orgsDir, orgName);
  const chats = (await readdir(chatsDirOf(orgDir)))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ uuid: uuidFromFileName(file) ?? "", file, path: join(chatsDirOf(orgDir), file) }));
  const stored: Fixture["stored"] = [];
  for (const [index, chat] of chats.slice(0, 2).entries()) {
    const bytes = Buffer.from(`synthetic picture ${index} of ${chat.uuid}\n`.repeat(50 + index));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const blob = blobPath(root, sha256);
    await mkdir(join(blob, ".."), { recursive: true, mode: 0o700 });
    await writeFile(blob, bytes, { mode: 0o600 });
    const fileUuid = randomUUID();
    const linkName = `picture ${index}.png`;
    const entries: ManifestEntry[] = [
      {
        key: `file:${fileUuid}:preview`,
        fileUuid,
        variant: "preview",
        fileName: linkName,
        status: "ok",
        sha256,
        size: bytes.length,
        contentType: "image/png",
        link: linkName,
      },
      { key: `file:${randomUUID()}:preview`, variant: "preview", fileName: "gone.pdf", status: "gone" },
    ];
    const manifest = manifestFileOf(orgDir, chat.uuid);
    await mkdir(join(manifest, ".."), { recursive: true, mode: 0o700 });
    await writeFile(manifest, JSON.stringify(entries), { mode: 0o600 });
    const linkDir = join(chatFilesDirOf(orgDir), chat.file.replace(/\.json$/, ""));
    await mkdir(linkDir, { recursive: true, mode: 0o700 });
    await link(blob, join(linkDir, linkName));
    stored.push({ chatUuid: chat.uuid, sha256, blob, link: join(linkDir, linkName), manifest });
  }
  return { root, orgDir, chats, stored };
}

// Runs `claude-backup verify --dir root …` in this process.
export async function verify(root: string, ...args: string[]) {
  return runInProcess(["verify", "--dir", root, ...args]);
}

// The problems of a `--json` run.
export interface JsonReport {
  root: string;
  checked: { chats: number; files: number; manifests: number };
  counts: { problems: number; byKind: Record<string, number>; byFix: Record<string, number> };
  problems: { kind: string; path: string; detail: string; fix: string }[];
  repaired?: { kind: string; path: string; detail: string; fix: string }[];
}

export async function verifyJson(
  root: string,
  ...args: string[]
): Promise<{ code: number | null; report: JsonReport }> {
  const result = await verify(root, "--json", ...args);
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}

// Every path under root with its mode and mtime: what "verify changes nothing" is checked against.
export async function snapshot(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const info = await stat(path);
      out.push(`${path} ${(info.mode & 0o777).toString(8)} ${info.mtimeMs} ${info.size}`);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(root);
  return out.sort();
}
