import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readTextIfExists } from "../archive/read-text.ts";
import { isRecord } from "../core/guards.ts";
import { jsonChunks } from "../core/json-chunks.ts";
import { stateDir } from "../core/layout.ts";
import { appendToFile } from "../disk/append-file.ts";
import { ensureDir, writeFileAtomic } from "../disk/atomic-write.ts";

// What the last complete pass over a chat's files found, so that a later run knows, without reading
// the chat again, that nothing is left to fetch: the chat's version (its updated_at), the name of its
// link folder, the blobs it needs (a missing one sends the chat back for another pass), and whether
// some file was gone (the daily full scan asks for those again).
export interface FilesDone {
  v: string;
  d: string;
  b: string[];
  g?: boolean;
}

const doneFile = (root: string, orgUuid: string) => join(stateDir(root), "files", `${orgUuid}.json`);
const journalOf = (root: string, orgUuid: string) => join(stateDir(root), "files", `${orgUuid}.jsonl`);

// Reads the records of an organization: the folded file, then the lines a killed run appended.
export async function loadFilesDone(root: string, orgUuid: string): Promise<Map<string, FilesDone>> {
  const done = new Map<string, FilesDone>();
  const folded = await readTextIfExists(doneFile(root, orgUuid));
  try {
    const parsed: unknown = folded === undefined ? {} : JSON.parse(folded);
    if (isRecord(parsed))
      for (const [uuid, value] of Object.entries(parsed)) if (isDone(value)) done.set(uuid, value);
  } catch {
    // damaged: every chat gets one more pass (files already held are not fetched again)
  }
  for (const line of (await readTextIfExists(journalOf(root, orgUuid)))?.split("\n") ?? []) {
    if (line === "") continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isRecord(parsed) && typeof parsed.c === "string" && isDone(parsed.r)) done.set(parsed.c, parsed.r);
    } catch {
      // a line cut short by a crash: that chat gets another pass
    }
  }
  return done;
}

// Records one chat's completed pass (after its manifest and links are written). Not synced: a lost
// line only costs that chat one more look at its files.
export async function appendFilesDone(
  root: string,
  orgUuid: string,
  chatUuid: string,
  record: FilesDone,
): Promise<void> {
  const line = `\n${JSON.stringify({ c: chatUuid, r: record })}\n`;
  await appendToFile(journalOf(root, orgUuid), line, { durable: false });
}

// Folds the journal into the records file (at the end of a run).
export async function saveFilesDone(
  root: string,
  orgUuid: string,
  done: ReadonlyMap<string, FilesDone>,
): Promise<void> {
  await ensureDir(dirname(doneFile(root, orgUuid)));
  await writeFileAtomic(doneFile(root, orgUuid), jsonChunks(done));
  await rm(journalOf(root, orgUuid), { force: true });
}

function isDone(value: unknown): value is FilesDone {
  return (
    isRecord(value) &&
    typeof value.v === "string" &&
    typeof value.d === "string" &&
    Array.isArray(value.b) &&
    value.b.every((b) => typeof b === "string")
  );
}
