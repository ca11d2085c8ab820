import { join } from "node:path";
import { readTextIfExists } from "../archive/read-text.ts";
import { isRecord } from "../core/guards.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";

// What the last render of a folder wrote, so the next one renders only what changed. Kept inside the
// output folder (`<OUT>/.render-index.json`): the backup itself is never written, and removing the
// output folder starts over cleanly.

export const INDEX_FILE = ".render-index.json";
const INDEX_VERSION = 1;

// One chat as last rendered. Paths are relative to the backup (`source`) and to OUT (the others).
export interface IndexEntry {
  source: string; // `<org folder>/<chat file>`
  mtimeMs: number;
  size: number;
  manifest: string; // `<mtime>:<size>` of the chat's file manifest, "" when it has none
  organization: string;
  output: string; // `<org folder>/<chat slug>.md`
  artifacts: string[];
}

export interface RenderIndex {
  settings: string; // format and options: a change renders everything again
  chats: Map<string, IndexEntry>;
}

// Reads the index; a missing or damaged one is empty (everything is rendered again).
export async function readRenderIndex(out: string): Promise<RenderIndex> {
  const empty: RenderIndex = { settings: "", chats: new Map() };
  const text = await readTextIfExists(join(out, INDEX_FILE));
  if (text === undefined) return empty;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return empty;
  }
  if (!isRecord(parsed) || parsed.version !== INDEX_VERSION || !isRecord(parsed.chats)) return empty;
  const chats = new Map<string, IndexEntry>();
  for (const [uuid, entry] of Object.entries(parsed.chats)) if (isIndexEntry(entry)) chats.set(uuid, entry);
  return { settings: typeof parsed.settings === "string" ? parsed.settings : "", chats };
}

// Writes the index atomically.
export async function writeRenderIndex(out: string, index: RenderIndex): Promise<void> {
  const body = { version: INDEX_VERSION, settings: index.settings, chats: Object.fromEntries(index.chats) };
  await writeFileAtomic(join(out, INDEX_FILE), `${JSON.stringify(body)}\n`);
}

function isIndexEntry(value: unknown): value is IndexEntry {
  return (
    isRecord(value) &&
    typeof value.source === "string" &&
    typeof value.mtimeMs === "number" &&
    typeof value.size === "number" &&
    typeof value.manifest === "string" &&
    typeof value.organization === "string" &&
    typeof value.output === "string" &&
    Array.isArray(value.artifacts) &&
    value.artifacts.every((a) => typeof a === "string")
  );
}
