import { join } from "node:path";
import { readTextIfExists } from "../archive/read-text.ts";
import { isRecord } from "../core/guards.ts";
import { memoryFileOf, stateDir } from "../core/layout.ts";
import { ensureDir, writeFileAtomic } from "../disk/atomic-write.ts";
import { type ImportMarker, isImported, MARKER_KEY } from "./marker.ts";

// memories.json and users.json of an export.

// Where raw export files that have no place in the visible layout are kept (users.json, memories.json).
export const importsDir = (root: string): string => join(stateDir(root), "imports");

// Saves the export's memory as `<org>/memory.json` (the export's object plus the marker), unless the
// folder holds the API's memory, which is kept. memories.json has been an array with one object
// `{account_uuid, conversations_memory, project_memories}` and, in the newer form, that object alone.
export async function importMemory(
  root: string,
  orgDir: string,
  value: unknown,
  raw: Buffer,
  marker: ImportMarker,
  dryRun: boolean,
): Promise<"new" | "updated" | "kept" | "unchanged" | undefined> {
  const [memory] = Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
  if (!memory) return undefined;
  const path = memoryFileOf(orgDir);
  const text = await readTextIfExists(path);
  // Any memory.json but ours is the API's (whatever its shape), and kept.
  const existing = text === undefined ? undefined : parsed(text);
  if (text !== undefined && !isImported(existing)) return "kept";
  if (isRecord(existing) && sameMemory(existing, memory)) return "unchanged";
  const outcome = text === undefined ? "new" : "updated";
  if (dryRun) return outcome;
  await saveRaw(root, "memories.json", raw);
  await writeFileAtomic(path, JSON.stringify({ ...memory, [MARKER_KEY]: marker }));
  return outcome;
}

// Keeps a raw export file under `.claude-backup/imports/` (the newest import's copy).
export async function saveRaw(
  root: string,
  name: "users.json" | "memories.json",
  raw: Buffer,
): Promise<void> {
  await ensureDir(importsDir(root));
  await writeFileAtomic(join(importsDir(root), name), raw);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// The same memory text as already imported (the marker aside).
function sameMemory(existing: Record<string, unknown>, memory: Record<string, unknown>): boolean {
  const { [MARKER_KEY]: _marker, ...rest } = existing;
  return JSON.stringify(rest) === JSON.stringify(memory);
}
