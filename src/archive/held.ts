import { hash } from "node:crypto";
import { join } from "node:path";
import { hexKey } from "../core/hex-key.ts";
import { chatsDirOf, listFileOf } from "../core/layout.ts";
import { type ChatEntry, nameOf } from "../core/types.ts";
import { lowerCase } from "../core/uuid.ts";
import { type ChatFacts, readChatFacts, scanChatFiles } from "./chat-files.ts";
import { journalRows } from "./journal.ts";
import { gatherListRows } from "./list-file.ts";

// What a sync needs of the list row a chat was saved as. The row itself stays on disk (in
// chat_conversations.json or the journal, store/list-file.ts reads it back from there): a parsed row
// weighs ~500 bytes, and holding every row made a sync's memory grow with the archive.
export interface HeldRow {
  digest: number; // of the row's JSON text: any change to the row is a change of digest
  updatedAt: string;
  name: string;
  starred: boolean;
  project: string | undefined;
  // Where the row is on disk, when it was read from there: the list file or the journal as they were
  // when the run began (the journal only grows, so its old lines stay where they are), bytes
  // [at, at + length). `unknown` for a row the run saved: the rewrite looks for it in the journal.
  from: RowSource;
  at: number;
  length: number;
}

export type RowSource = "list" | "journal" | "unknown";

// What the backup holds of one chat.
export interface Held {
  row?: HeldRow; // the list row it was saved as (from chat_conversations.json or the journal)
  readonly files: readonly string[]; // file names in chat_conversations/ (normally exactly one)
  facts?: ChatFacts; // read from the file itself when there is no row (folders of the original tool)
}

// A chat held with its list row under its one file: almost every chat, whether the run saved it or
// found it in the folder. A first sync holds one per chat to its end, and every run holds one per chat
// of the backup, so the file's name is not kept when it is the usual `<row's name>-<uuid>.json` (a
// chat whose name had to be made safe or short keeps its own): it is made again when asked for, from
// the row's name and the map's key, strings held anyway. ~150 bytes a chat less than the name in an
// array of one. Never changed: a chat saved again, or given a later row, is a new HeldChat, so the
// name made again is always the file's.
export class HeldChat implements Held {
  readonly row: HeldRow;
  private readonly uuid: string;
  private readonly file: string | undefined;

  constructor(uuid: string, row: HeldRow, file: string) {
    this.uuid = uuid;
    this.row = row;
    this.file = file === usualFileName(row, uuid) ? undefined : file;
  }

  get files(): readonly string[] {
    return [this.file ?? usualFileName(this.row, this.uuid)];
  }
}

const usualFileName = (row: HeldRow, uuid: string): string => `${row.name}-${uuid}.json`;

// The digest of a row: of its JSON text, so two rows that JSON.stringify alike are the same row (the
// original tool compares whole rows too). SHA-1 is for telling rows apart here, not for security; the
// one-shot hash() makes no Hash object. A row is asked for its digest up to four times (the walk's
// stop check, the rows handed on early, the plan, the save), so it is kept while the row lives: rows
// are never changed in place.
const digests = new WeakMap<ChatEntry, number>();

export function rowDigest(entry: ChatEntry): number {
  let digest = digests.get(entry);
  if (digest === undefined) {
    digest = textDigest(JSON.stringify(entry));
    digests.set(entry, digest);
  }
  return digest;
}

// The digest of a row's JSON text as JSON.stringify writes it: the first 52 bits of its SHA-1, a
// number exact in a double (16 bytes held a chat, where the base64 string was 48). A changed row
// passes for its old self with a chance of one in 2^52.
export function textDigest(json: string): number {
  return hexKey(hash("sha1", json, "hex"));
}

export function heldRowOf(
  entry: ChatEntry,
  stored?: { from: RowSource; at: number; length: number },
): HeldRow {
  return {
    digest: rowDigest(entry),
    updatedAt: entry.updated_at,
    name: nameOf(entry),
    starred: entry.is_starred === true,
    project: typeof entry.project_uuid === "string" ? entry.project_uuid : undefined,
    from: stored?.from ?? "unknown",
    at: stored?.at ?? 0,
    length: stored?.length ?? 0,
  };
}

// Builds the index (by lower-case uuid) of what an organization's folder holds: files on disk, rows of
// chat_conversations.json, and rows journaled by a run that was interrupted before rewriting it.
export async function loadHeld(
  orgDir: string,
  journalPath: string,
  options: { ignoreCache: boolean; warn: (message: string) => void },
): Promise<Map<string, Held>> {
  const chatsDir = chatsDirOf(orgDir);
  const onDisk = await scanChatFiles(chatsDir);
  const held = new Map<string, Held>();
  if (!options.ignoreCache) {
    // Rows first, so that each chat's record is made with its row (one shape, no property array each).
    // A damaged list file is ignored as a whole, so its rows are gathered (small) before any is used.
    // File names carry lower case, claude.ai may not; the row's own string when it is lower case
    // already, since it keys the map for the whole run.
    const listed = await gatherListRows(
      listFileOf(orgDir),
      ({ row, at, length }) => [lowerCase(row.uuid), heldRowOf(row, { from: "list", at, length })] as const,
      options.warn,
    );
    for (const [key, row] of listed) held.set(key, withRow(key, row, onDisk.get(key) ?? [])); // no file: fetched again
    for await (const { row: entry, at, length } of journalRows(journalPath)) {
      const key = lowerCase(entry.uuid);
      const row = heldRowOf(entry, { from: "journal", at, length });
      held.set(key, withRow(key, row, held.get(key)?.files ?? onDisk.get(key) ?? []));
    }
  }
  for (const [uuid, files] of onDisk) if (!held.has(uuid)) held.set(uuid, { files });
  if (options.ignoreCache) return held; // starting over: nothing is read from the files either
  for (const chat of held.values()) {
    const [file] = chat.files;
    if (!chat.row && file !== undefined) chat.facts = await readChatFacts(join(chatsDir, file));
  }
  return held;
}

// A chat with its row: a HeldChat when it has its one file, else as it is (no file: it is fetched
// again; several: a killed run's leftovers, which the next save of the chat removes).
function withRow(key: string, row: HeldRow, files: readonly string[]): Held {
  const [file] = files;
  return files.length === 1 && file !== undefined ? new HeldChat(key, row, file) : { row, files };
}
