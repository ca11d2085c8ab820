import { rm } from "node:fs/promises";
import { join } from "node:path";
import { readDirIfExists } from "../archive/read-dir.ts";
import { readTextIfExists } from "../archive/read-text.ts";
import { isRecord } from "../core/guards.ts";
import { projectsListFileOf } from "../core/layout.ts";
import { newestFirst } from "../core/newest-first.ts";
import { isUuid } from "../core/uuid.ts";
import { ensureDir, writeFileAtomic } from "../disk/atomic-write.ts";

// A row of `<org>/projects.json`: the list row of a project as claude.ai served it, kept raw.
export type ProjectRowHeld = Record<string, unknown> & { uuid: string };

// The rows of every project held (deleted ones included); none, or a damaged file, is an empty list.
export async function readProjectRows(orgDir: string): Promise<ProjectRowHeld[]> {
  const text = await readTextIfExists(projectsListFileOf(orgDir));
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed)
      ? parsed.filter((row): row is ProjectRowHeld => isRecord(row) && isUuid(row.uuid))
      : [];
  } catch {
    return [];
  }
}

// Writes `<org>/projects.json` atomically, newest-updated first (as chat_conversations.json).
export async function writeProjectRows(orgDir: string, rows: Iterable<ProjectRowHeld>): Promise<void> {
  const sorted = [...rows].sort(
    newestFirst((row) => (typeof row.updated_at === "string" ? row.updated_at : "")),
  );
  await writeFileAtomic(projectsListFileOf(orgDir), JSON.stringify(sorted));
}

// Writes one file of a project folder (raw bytes or text), atomically.
export async function writeProjectFile(
  projectDir: string,
  name: string,
  data: string | Uint8Array,
): Promise<void> {
  await ensureDir(projectDir);
  await writeFileAtomic(join(projectDir, name), data);
}

// Makes `<project>/docs/` hold exactly these readable files (a doc removed from the project leaves it;
// docs.json keeps the raw answer).
export async function replaceDocs(
  projectDir: string,
  docs: readonly { name: string; content: string }[],
): Promise<void> {
  const dir = join(projectDir, "docs");
  await ensureDir(dir);
  const keep = new Set(docs.map((doc) => doc.name));
  for (const doc of docs) await writeFileAtomic(join(dir, doc.name), doc.content);
  for (const entry of await readDirIfExists(dir)) {
    if (entry.isFile() && !keep.has(entry.name)) await rm(join(dir, entry.name), { force: true });
  }
}
