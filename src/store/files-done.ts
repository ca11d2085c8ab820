import { rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileLines, jsonLines } from "../archive/journal.ts";
import { isRecord } from "../core/guards.ts";
import { gatheredAsync } from "../core/json-chunks.ts";
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

// An organization's records: those of earlier runs (the folded file, then the lines a killed run
// appended). A chat this run records is dropped from them and its record is in the journal only: a
// first sync records every chat it saves, and keeping each record (link folder name, blob hashes), or
// even a mark per chat, for the rest of the run grew with the archive.
export class FilesDoneRecords {
  private readonly records: Map<string, FilesDone>;
  private readonly root: string;
  private readonly orgUuid: string;
  // Where this run's lines begin in the journal (the lines before are in `records` already).
  private readonly journalStart: number;

  constructor(root: string, orgUuid: string, records: Map<string, FilesDone>, journalStart: number) {
    this.root = root;
    this.orgUuid = orgUuid;
    this.records = records;
    this.journalStart = journalStart;
  }

  // The record of an earlier run. A chat recorded by this run has none here: a second pass over it in
  // the same run looks at its files again.
  get(uuid: string): FilesDone | undefined {
    return this.records.get(uuid);
  }

  // Records one chat's completed pass (after its manifest and links are written). Not synced: a lost
  // line only costs that chat one more look at its files.
  async add(chatUuid: string, record: FilesDone): Promise<void> {
    const line = `\n${JSON.stringify({ c: chatUuid, r: record })}\n`;
    await appendToFile(journalOf(this.root, this.orgUuid), line, { durable: false });
    this.records.delete(chatUuid);
  }

  // Folds the journal into the records file (at the end of a run): the records of earlier runs, then
  // this run's latest line of each chat. The journal is read twice, once to find the lines a later
  // line of the same chat replaces and once to copy the others, so no record of this run is held.
  async save(): Promise<void> {
    const journal = journalOf(this.root, this.orgUuid);
    const replaced = await replacedLines(journal, this.journalStart);
    await ensureDir(dirname(doneFile(this.root, this.orgUuid)));
    await writeFileAtomic(doneFile(this.root, this.orgUuid), gatheredAsync(this.pieces(journal, replaced)));
    await rm(journal, { force: true });
  }

  // One JSON object, a member per line (see readFolded).
  private async *pieces(journal: string, replaced: Uint8Array): AsyncGenerator<string> {
    yield "{";
    let first = true;
    const entry = (uuid: string, record: FilesDone) => {
      const text = `${first ? "\n" : ",\n"}${JSON.stringify(uuid)}:${JSON.stringify(record)}`;
      first = false;
      return text;
    };
    for (const [uuid, record] of this.records) yield entry(uuid, record);
    let index = 0;
    for await (const line of jsonLines(journal, this.journalStart)) {
      if (!isLine(line.value)) continue;
      if (replaced[index++] === 0) yield entry(line.value.c, line.value.r);
    }
    yield first ? "}" : "\n}";
  }
}

// For each valid line of this run (in order), 1 when a later line has the same chat: lines are told
// apart by a 32-bit hash of the chat's uuid, 8 bytes a line for the fold rather than a string each.
// Two chats whose hashes meet lose the earlier one's record, which costs that chat one more look at
// its files in the next run, as a lost line does.
async function replacedLines(journal: string, start: number): Promise<Uint8Array> {
  let hashes = new Uint32Array(1024);
  let count = 0;
  for await (const line of jsonLines(journal, start)) {
    if (!isLine(line.value)) continue;
    if (count === hashes.length) {
      const grown = new Uint32Array(count * 2);
      grown.set(hashes);
      hashes = grown;
    }
    hashes[count++] = fnv1a(line.value.c);
  }
  const order = new Uint32Array(count).map((_, i) => i);
  order.sort((a, b) => (hashes[a] as number) - (hashes[b] as number) || a - b);
  const replaced = new Uint8Array(count);
  for (let k = 0; k + 1 < count; k++) {
    const line = order[k] as number;
    if (hashes[line] === hashes[order[k + 1] as number]) replaced[line] = 1;
  }
  return replaced;
}

// FNV-1a over the UTF-16 code units of a string.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

// Reads the records of an organization: the folded file, then the lines a killed run appended.
export async function loadFilesDone(root: string, orgUuid: string): Promise<FilesDoneRecords> {
  const done = new Map<string, FilesDone>();
  await readFolded(doneFile(root, orgUuid), (uuid, record) => done.set(uuid, record));
  const journal = journalOf(root, orgUuid);
  for await (const line of jsonLines(journal)) if (isLine(line.value)) done.set(line.value.c, line.value.r);
  const journalStart = await stat(journal).then(
    (info) => info.size,
    () => 0,
  );
  return new FilesDoneRecords(root, orgUuid, done, journalStart);
}

// The folded file is one JSON object with a member per line (`{`, `"<uuid>":{…},` …, `}`): any JSON
// reader takes it whole, and this one a line at a time, so a 10,000-chat backup's 2–3 MB of records
// is never one string and one parse (a peak of the daily sync, bench/RESULTS.md). A file written on
// one line (before 2026-12-08) is parsed whole. A line that does not parse (damage) loses only its
// chat's record: that chat gets one more pass (files already held are not fetched again).
async function readFolded(path: string, take: (uuid: string, record: FilesDone) => void): Promise<void> {
  const takeAll = (members: unknown) => {
    if (!isRecord(members)) return;
    for (const [uuid, value] of Object.entries(members)) if (isDone(value)) take(uuid, value);
  };
  for await (const { bytes } of fileLines(path)) {
    const line = bytes.toString("utf8").trim();
    if (line === "{" || line === "}" || line === "") continue;
    try {
      if (line.startsWith("{"))
        takeAll(JSON.parse(line)); // the whole object on one line
      else takeAll(JSON.parse(`{${line.endsWith(",") ? line.slice(0, -1) : line}}`));
    } catch {
      // damaged: this line's chat gets one more pass
    }
  }
}

// Records for a run that does not look at files (`--no-files`): none, and none to save.
export function noFilesDone(root: string, orgUuid: string): FilesDoneRecords {
  return new FilesDoneRecords(root, orgUuid, new Map(), 0);
}

function isLine(value: unknown): value is { c: string; r: FilesDone } {
  return isRecord(value) && typeof value.c === "string" && isDone(value.r);
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
