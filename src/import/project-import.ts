import { join } from "node:path";
import { readChatJson } from "../archive/archive.ts";
import { readDirIfExists } from "../archive/read-dir.ts";
import { isRecord } from "../core/guards.ts";
import { projectsDirOf } from "../core/layout.ts";
import { chatSlug, uuidFromFileName } from "../core/names.ts";
import { isUuid } from "../core/uuid.ts";
import { ensureDir, writeFileAtomic } from "../disk/atomic-write.ts";
import type { ChatOutcome } from "./chat-import.ts";
import { type ImportMarker, isImported, withMarker } from "./marker.ts";

// Saves an exported project as the API side lays projects out: `<org>/projects/<name>-<uuid>/` with
// project.json (the export's raw object plus the marker), docs.json (its knowledge docs, which the
// viewer reads) and docs/<name> (each doc's text as a file, for people). The export calls a doc's
// name `filename` where the API says `file_name`; docs.json gets `file_name` too, project.json stays raw.
export interface ProjectTarget {
  orgDir: string;
  nameLimit: number;
  dryRun: boolean;
}

// Merges one project: an API copy (project.json without the marker) is kept; an import is replaced by
// a newer one. Undefined when the value is not a project (no uuid).
export async function importProject(
  target: ProjectTarget,
  raw: Buffer,
  value: unknown,
  marker: ImportMarker,
): Promise<ChatOutcome | undefined> {
  if (!isRecord(value) || !isUuid(value.uuid)) return undefined;
  const uuid = value.uuid.toLowerCase();
  const parent = projectsDirOf(target.orgDir);
  const existingName = (await readDirIfExists(parent)).find(
    (entry) => entry.isDirectory() && uuidFromFileName(entry.name) === uuid,
  )?.name;
  let outcome: ChatOutcome = "new";
  if (existingName !== undefined) {
    const existing = await readChatJson(join(parent, existingName, "project.json"));
    if (existing !== undefined) {
      if (!isImported(existing)) return "kept";
      if (timeOf(existing.updated_at) >= timeOf(value.updated_at)) return "unchanged";
      outcome = "updated";
    }
  }
  if (target.dryRun) return outcome;
  const name = typeof value.name === "string" ? value.name : "";
  const dir = join(parent, existingName ?? chatSlug(name, uuid, target.nameLimit));
  const docs = Array.isArray(value.docs) ? value.docs.filter(isRecord) : [];
  await ensureDir(join(dir, "docs"));
  for (const doc of docs) {
    const fileName = docFileName(doc, target.nameLimit);
    if (fileName && typeof doc.content === "string")
      await writeFileAtomic(join(dir, "docs", fileName), doc.content);
  }
  const rows = docs.map((doc) => ("file_name" in doc ? doc : { ...doc, file_name: doc.filename }));
  await writeFileAtomic(join(dir, "docs.json"), JSON.stringify(rows));
  // project.json last: once it is there, the folder is complete.
  await writeFileAtomic(join(dir, "project.json"), withMarker(raw, marker, Object.keys(value).length === 0));
  return outcome;
}

// `<name>-<doc uuid>.<ext>`: safe like a chat's file name (no path, no device name, within the
// folder's name limit), unique per doc, and the extension kept so the file opens in the right program.
function docFileName(doc: Record<string, unknown>, nameLimit: number): string | undefined {
  if (!isUuid(doc.uuid)) return undefined;
  const given =
    typeof doc.filename === "string" ? doc.filename : typeof doc.file_name === "string" ? doc.file_name : "";
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(given)?.[0] ?? ".txt";
  const stem = given.slice(0, given.length - (given.endsWith(ext) ? ext.length : 0));
  // chatSlug leaves room for ".json"; the extension may be longer.
  return `${chatSlug(stem, doc.uuid, nameLimit - Math.max(0, ext.length - 5))}${ext}`;
}

function timeOf(value: unknown): number {
  const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
}
