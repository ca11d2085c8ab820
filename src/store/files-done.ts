import { rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { jsonLines } from "../archive/journal.ts";
import { readTextIfExists } from "../archive/read-text.ts";
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

// Marks a chat recorded by this run: its record is in the journal only, and `save` reads it from there.
// A first sync records every chat it saves, and keeping each record (link folder name, blob hashes)
// for the rest of the run was ~250 bytes per chat that grew with the archive.
const IN_JOURNAL = -1;

// An organization's records: those of earlier runs (the folded file, then the lines a killed run
// appended), and which chats this run recorded.
export class FilesDoneRecords {
  // A record, IN_JOURNAL, or (while `save` runs) where the chat's latest line of this run starts.
  private readonly records: Map<string, FilesDone | number>;

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
    const record = this.records.get(uuid);
    return typeof record === "number" ? undefined : record;
  }

  // Records one chat's completed pass (after its manifest and links are written). Not synced: a lost
  // line only costs that chat one more look at its files.
  async add(chatUuid: string, record: FilesDone): Promise<void> {
    const line = `\n${JSON.stringify({ c: chatUuid, r: record })}\n`;
    await appendToFile(journalOf(this.root, this.orgUuid), line, { durable: false });
    this.records.set(chatUuid, IN_JOURNAL);
  }

  // Folds the journal into the records file (at the end of a run): the records of earlier runs, then
  // this run's latest line of each chat. The journal is read twice, once to find each chat's latest
  // line and once to copy those, so no record of this run is held in memory.
  async save(): Promise<void> {
    const journal = journalOf(this.root, this.orgUuid);
    for await (const line of jsonLines(journal, this.journalStart)) {
      if (isLine(line.value)) this.records.set(line.value.c, line.at);
    }
    await ensureDir(dirname(doneFile(this.root, this.orgUuid)));
    await writeFileAtomic(doneFile(this.root, this.orgUuid), gatheredAsync(this.pieces(journal)));
    await rm(journal, { force: true });
  }

  private async *pieces(journal: string): AsyncGenerator<string> {
    yield "{";
    let first = true;
    const entry = (uuid: string, record: FilesDone) => {
      const text = `${first ? "" : ","}${JSON.stringify(uuid)}:${JSON.stringify(record)}`;
      first = false;
      return text;
    };
    for (const [uuid, record] of this.records) if (typeof record !== "number") yield entry(uuid, record);
    for await (const line of jsonLines(journal, this.journalStart)) {
      const value = line.value;
      if (isLine(value) && this.records.get(value.c) === line.at) yield entry(value.c, value.r);
    }
    yield "}";
  }
}

// Reads the records of an organization: the folded file, then the lines a killed run appended.
export async function loadFilesDone(root: string, orgUuid: string): Promise<FilesDoneRecords> {
  const done = new Map<string, FilesDone>();
  const folded = await readTextIfExists(doneFile(root, orgUuid));
  try {
    const parsed: unknown = folded === undefined ? {} : JSON.parse(folded);
    if (isRecord(parsed))
      for (const [uuid, value] of Object.entries(parsed)) if (isDone(value)) done.set(uuid, value);
  } catch {
    // damaged: every chat gets one more pass (files already held are not fetched again)
  }
  const journal = journalOf(root, orgUuid);
  for await (const line of jsonLines(journal)) if (isLine(line.value)) done.set(line.value.c, line.value.r);
  const journalStart = await stat(journal).then(
    (info) => info.size,
    () => 0,
  );
  return new FilesDoneRecords(root, orgUuid, done, journalStart);
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
