import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { readDirIfExists } from "../archive/read-dir.ts";
import { ImportError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { isExportZipName, isManifestName, type PartKind, partKindOf, uuidsInName } from "./export-names.ts";
import type { ExportPart } from "./parts.ts";
import { openZipParts } from "./zip-parts.ts";

// What `import PATH…` was given, as a list of export parts, found and checked before anything is
// written: a missing path, a damaged zip, or something that is no export at all stops here, and the
// backup folder is left exactly as it was.

export interface ExportPlan {
  parts: ExportPart[];
  sources: string[]; // the file names given (or found), for the imported chats' marker
  nameUuids: string[]; // uuids found in the file names (the organization the export was made for)
  close(): void;
}

// A manifest is a small JSON file; one larger than this is not a manifest.
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

// How deep a folder is searched for export files (an unpacked zip may sit one folder down).
const MAX_FOLDER_DEPTH = 3;

// Finds the export parts of every path. Throws ImportError, closing what it opened, when one is wrong.
export async function planImport(paths: readonly string[]): Promise<ExportPlan> {
  const plan: ExportPlan = { parts: [], sources: [], nameUuids: [], close: () => {} };
  const closers: (() => void)[] = [];
  plan.close = () => {
    for (const close of closers.splice(0)) close();
  };
  try {
    for (const path of paths) await addPath(plan, closers, path);
  } catch (error) {
    plan.close();
    throw error;
  }
  return plan;
}

async function addPath(plan: ExportPlan, closers: (() => void)[], path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === "ENOENT" ? "there is no such file or folder" : error.message;
    throw new ImportError(`cannot import ${path}: ${why}`, { cause: error });
  });
  plan.nameUuids.push(...uuidsInName(path));
  if (info.isDirectory()) return addFolder(plan, closers, path);
  const magic = await firstBytes(path, 4);
  if (magic.startsWith("PK")) return addZip(plan, closers, path);
  const kind = partKindOf(relative(dirname(dirname(path)), path));
  if (kind) return addFile(plan, path, kind, info.size);
  const first = firstSignificant(await firstBytes(path, 64));
  if (isManifestName(path) || first === "{") return addManifest(plan, closers, path, info.size);
  if (first === "[") return addFile(plan, path, "conversations", info.size);
  throw new ImportError(
    `${path} is not a claude.ai export: expected a data-…zip, a conversations.json, a manifest-….json or an unpacked export folder`,
  );
}

async function addZip(plan: ExportPlan, closers: (() => void)[], path: string): Promise<void> {
  const zip = await openZipParts(path, basename(path));
  closers.push(zip.close);
  plan.parts.push(...zip.parts);
  plan.sources.push(basename(path));
}

function addFile(plan: ExportPlan, path: string, kind: PartKind, size: number): void {
  plan.parts.push({ kind, label: path, size, open: () => fileChunks(path) });
  plan.sources.push(basename(path));
}

// An unpacked export, or the folder the newer form's downloads were saved in (zips and JSON side by side).
async function addFolder(plan: ExportPlan, closers: (() => void)[], folder: string): Promise<void> {
  const before = plan.parts.length;
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = (await readDirIfExists(dir)).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_FOLDER_DEPTH) await walk(path, depth + 1);
        continue;
      }
      if (!entry.isFile()) continue;
      const kind = partKindOf(relative(folder, path));
      if (kind) addFile(plan, path, kind, (await stat(path)).size);
      else if (isExportZipName(entry.name)) await addZip(plan, closers, path);
    }
  };
  await walk(folder, 0);
  if (plan.parts.length === before) {
    throw new ImportError(
      `${folder} holds no claude.ai export files (conversations.json, projects.json, users.json, memories.json, or their zips)`,
    );
  }
}

// The newer form's manifest: whatever its exact shape, it names the downloads (by URL or file name).
// Those found next to it are imported; if none are, say which to download.
async function addManifest(plan: ExportPlan, closers: (() => void)[], path: string, size: number) {
  const notExport = new ImportError(
    `${path} is not a claude.ai export: its JSON is neither a list of conversations nor an export manifest`,
  );
  if (size > MANIFEST_MAX_BYTES) throw notExport;
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new ImportError(`${path} is not valid JSON, so it is not a claude.ai export`);
  }
  const names = new Set<string>();
  for (const text of stringsIn(manifest)) {
    const name = fileNameOf(text);
    if (name && (isExportZipName(name) || partKindOf(name))) names.add(name);
  }
  if (!isRecord(manifest) || names.size === 0) throw notExport;
  const dir = dirname(path);
  const missing: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) missing.push(name);
    else if (isExportZipName(name)) await addZip(plan, closers, file);
    else addFile(plan, file, partKindOf(name) ?? "conversations", info.size);
  }
  if (missing.length === names.size) {
    throw new ImportError(
      `${path} is an export manifest; download the files it lists (${[...names].join(", ")}) into ${dir} and run the import again`,
    );
  }
  plan.sources.push(basename(path));
}

// Every string in a JSON value.
function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (isRecord(value)) for (const item of Object.values(value)) yield* stringsIn(item);
}

// The last path segment of a URL or path (`https://…/conversations-000.zip?sig=…` → conversations-000.zip).
function fileNameOf(text: string): string | undefined {
  const path = text.split(/[?#]/)[0] ?? "";
  const name = decodeURIComponentSafe(path.split(/[/\\]/).at(-1) ?? "");
  // A name with a path separator or a parent reference is never joined onto a folder.
  return name && name !== "." && name !== ".." && !/[/\\]/.test(name) ? name : undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function firstBytes(path: string, count: number): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead).toString("latin1");
  } finally {
    await handle.close();
  }
}

// The first character that is not whitespace or a byte order mark.
function firstSignificant(text: string): string {
  return text.replace(/^(?:\xef\xbb\xbf|\s)+/, "").charAt(0);
}

async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}
