import { join } from "node:path";
import { readChatJson } from "../archive/archive.ts";
import { type ManifestEntry, readManifest } from "../archive/file-manifest.ts";
import { chatSlug } from "../core/names.ts";
import { type FileLink, placeLinks } from "../store/file-links.ts";
import type { FilesDone, FilesDoneRecords } from "../store/files-done.ts";
import { writeManifest } from "../store/manifest-file.ts";
import { type FetchContext, fetchFile } from "./fetch-file.ts";
import { type ChatFileSources, chatFileSources, type FileRef, sandboxRef } from "./file-refs.ts";
import type { OrgRun } from "./org-run.ts";
import { safeFileName, uniqueName } from "./safe-file-name.ts";

// One chat whose files are to be checked: its version and name now, and what its JSON names when it
// was just fetched (otherwise the chat file held is read).
export interface ChatFilesJob {
  uuid: string;
  name: string;
  version: string; // the chat's updated_at
  sources?: ChatFileSources;
}

export interface ChatFilesContext extends FetchContext {
  nameLimit: number;
  retryGone: boolean; // the daily full scan asks again for files that were gone
  done: FilesDoneRecords; // this organization's records (store/files-done.ts)
}

// Brings one chat's files up to date: every file its messages name and, for a chat that used the
// sandbox, every file in it. Only files not held are fetched (an entry whose blob is missing on disk
// is fetched again); each one's blob, then its manifest entry, is written before the next; the links
// for people come last. A chat all of whose files are settled is recorded as done.
//
// The manifest is rewritten after each file but the last without a sync, so a killed run keeps what
// it fetched, and written and synced once when the chat's files are through: as many writes as
// before, but one file and folder sync per chat instead of one per file (every image comes as a
// preview and a thumbnail). A power cut before that sync loses at most this chat's new entries (a
// damaged manifest reads as empty), whose blobs are synced already and are not stored twice; the
// chat is only recorded as done after the sync.
export async function syncChatFiles(
  context: ChatFilesContext,
  run: OrgRun,
  job: ChatFilesJob,
): Promise<void> {
  const { done } = context;
  const dirName = chatSlug(job.name, job.uuid, context.nameLimit);
  if (isSettled(context, done.get(job.uuid), job.version)) {
    // Nothing to fetch: the chat was renamed, or only its link folder needs mending.
    const entries = await readManifest(run.dir, job.uuid);
    await relink(context, run, job.uuid, dirName, entries);
    return recordDone(context, job, dirName, entries);
  }
  const sources = job.sources ?? (await readHeldSources(run, job.uuid));
  if (!sources) return;
  const owner = `chat ${job.uuid}`;
  const refs = new Map<string, FileRef>();
  for (const ref of sources.refs) refs.set(ref.key, ref);
  let complete = true;
  let changed = false;
  if (sources.sandbox) {
    const listing = await listSandbox(context, run, job.uuid);
    if (listing === "failed") complete = false;
    for (const file of listing === "failed" ? [] : listing) {
      refs.set(`sandbox:${file.path}`, sandboxRef(file.path, file.size));
    }
  }
  const manifest = new Map((await readManifest(run.dir, job.uuid)).map((entry) => [entry.key, entry]));
  const taken = new Set(
    [...manifest.values()].flatMap((entry) => (entry.link ? [entry.link.toLowerCase()] : [])),
  );
  const toFetch = [...refs.values()].filter((ref) => {
    const held = manifest.get(ref.key);
    if (held?.status === "ok" && held.sha256 && context.blobs.has(held.sha256)) return false;
    return !(held?.status === "gone" && !context.retryGone);
  });
  for (const [index, ref] of toFetch.entries()) {
    const held = manifest.get(ref.key);
    const candidates = ref.sandboxPath
      ? [context.files.sandboxFilePath(run.org.uuid, job.uuid, ref.sandboxPath)]
      : ref.candidates;
    const entry = await fetchFile(context, run.org, owner, ref, baseEntry(ref), candidates);
    if (!entry) {
      complete = false;
      continue;
    }
    if (entry.status === "ok") {
      entry.link = held?.link ?? uniqueName(linkName(ref, entry.contentType), taken, context.nameLimit);
      taken.add(entry.link.toLowerCase());
    }
    manifest.set(ref.key, entry);
    changed = true;
    // The last file's entry goes into the durable write below.
    if (index < toFetch.length - 1)
      await writeManifest(run.dir, job.uuid, [...manifest.values()], context.madeDirs, false);
  }
  const entries = [...manifest.values()];
  if (changed) await writeManifest(run.dir, job.uuid, entries, context.madeDirs);
  await relink(context, run, job.uuid, dirName, entries);
  if (complete) await recordDone(context, job, dirName, entries);
}

async function readHeldSources(run: OrgRun, uuid: string): Promise<ChatFileSources | undefined> {
  const [file] = run.held.get(uuid)?.files ?? [];
  const json = file === undefined ? undefined : await readChatJson(join(run.chatsDir, file));
  return json && chatFileSources(json, run.org.uuid);
}

async function listSandbox(context: ChatFilesContext, run: OrgRun, chatUuid: string) {
  try {
    const listing = await context.queue.request(() => context.files.sandboxList(run.org.uuid, chatUuid));
    context.queue.succeeded();
    return listing?.files ?? [];
  } catch (error) {
    if (context.queue.fatal) throw context.queue.fatal;
    if (context.queue.judge(error) === "gone") return [];
    context.summary.failed++;
    context.events.fileFailed(run.org, `the sandbox of chat ${chatUuid}`, error as Error);
    return "failed" as const;
  }
}

// The link folder under the chat's current name, with a link for every file held.
async function relink(
  context: ChatFilesContext,
  run: OrgRun,
  uuid: string,
  dirName: string,
  entries: readonly ManifestEntry[],
): Promise<void> {
  const links: FileLink[] = entries.flatMap((entry) =>
    entry.status === "ok" && entry.sha256 && entry.link ? [{ name: entry.link, sha256: entry.sha256 }] : [],
  );
  const dir = await run.chatLinkFolders.open(dirName, uuid, links.length > 0);
  if (links.length > 0) await placeLinks(context.root, dir, links);
}

async function recordDone(
  context: ChatFilesContext,
  job: ChatFilesJob,
  dirName: string,
  entries: readonly ManifestEntry[],
): Promise<void> {
  const record: FilesDone = {
    v: job.version,
    d: dirName,
    b: entries.flatMap((entry) => (entry.status === "ok" && entry.sha256 ? [entry.sha256] : [])),
    ...(entries.some((entry) => entry.status === "gone") ? { g: true } : {}),
  };
  const before = context.done.get(job.uuid);
  if (before && JSON.stringify(before) === JSON.stringify(record)) return;
  await context.done.add(job.uuid, record);
}

// True when the last pass over the chat's files is still good: same version, every blob on disk, and
// no gone file that a full scan should ask for again.
export function isSettled(
  context: ChatFilesContext,
  record: FilesDone | undefined,
  version: string,
): boolean {
  return (
    record !== undefined &&
    record.v === version &&
    record.b.every((sha) => context.blobs.has(sha)) &&
    !(context.retryGone && record.g === true)
  );
}

// Extensions of the types files come in, for names that lack one and for thumbnails.
const EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "application/pdf": ".pdf",
};

// The name a person finds the file under: claude.ai's name made safe; a thumbnail gets its own.
export function linkName(ref: FileRef, contentType: string | undefined): string {
  const dot = ref.fileName.lastIndexOf(".");
  const stem = dot > 0 ? ref.fileName.slice(0, dot) : ref.fileName;
  const typed = EXTENSIONS[(contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? ""];
  if (ref.variant === "thumbnail")
    return safeFileName(`${stem} (thumbnail)${typed ?? (dot > 0 ? ref.fileName.slice(dot) : "")}`);
  return safeFileName(dot > 0 || !typed ? ref.fileName : `${ref.fileName}${typed}`);
}

function baseEntry(ref: FileRef): Omit<ManifestEntry, "status"> {
  return {
    key: ref.key,
    ...(ref.fileUuid ? { fileUuid: ref.fileUuid } : {}),
    ...(ref.sandboxPath ? { sandboxPath: ref.sandboxPath } : {}),
    variant: ref.variant,
    fileName: ref.fileName,
  };
}
