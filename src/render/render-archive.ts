import { rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import {
  type ArchiveChat,
  listArchiveChats,
  organizationNames,
  readAccount,
  readChatJson,
} from "../archive/archive.ts";
import { readManifest } from "../archive/file-manifest.ts";
import { InterruptedError, StoreError } from "../core/errors.ts";
import { manifestFileOf } from "../core/layout.ts";
import { storeError } from "../core/store-error.ts";
import { ensureDir, writeFileAtomic } from "../disk/atomic-write.ts";
import { FULL_VIEW, type View } from "./document.ts";
import { encodeSegment } from "./file-links.ts";
import { createMarkdownToHtml } from "./markdown-html.ts";
import { type Format, renderChat } from "./render-chat.ts";
import { type IndexEntry, type RenderIndex, readRenderIndex, writeRenderIndex } from "./render-index.ts";

// Renders every chat of a backup into OUT, mirroring its layout (`<OUT>/<org folder>/<chat slug>.md`,
// artifacts in `<OUT>/<org folder>/artifacts/<chat slug>/`). Incremental: a chat is rendered again
// only when its JSON (path, mtime, size), its file manifest, its organization's name or the options
// changed, or its rendering is gone; a renamed or deleted chat's old files are removed.

export interface RenderArchiveOptions {
  root: string;
  out: string;
  format: Format;
  view?: View;
  artifactVersions: boolean;
  signal?: AbortSignal;
  concurrency?: number;
  onChat?: (chat: ArchiveChat, outcome: "rendered" | "failed") => void;
}

export interface RenderSummary {
  total: number;
  rendered: number;
  unchanged: number;
  removed: number;
  failed: string[]; // chat files that are not chat JSON
}

// Chats rendered at once: writes wait on fsync, so a few in flight keep the disk busy.
const DEFAULT_CONCURRENCY = 8;
// Chats checked at once for changes (stat calls).
const CHECK_CONCURRENCY = 64;
// The index is saved this often, so an interrupted run keeps most of its work.
const SAVE_EVERY = 500;

export async function renderArchive(options: RenderArchiveOptions): Promise<RenderSummary> {
  const view = options.view ?? FULL_VIEW;
  const settings = JSON.stringify({ format: options.format, view, versions: options.artifactVersions, v: 1 });
  const [chats, account] = await Promise.all([listArchiveChats(options.root), readAccount(options.root)]);
  const orgNames = organizationNames(account);
  const previous = await readRenderIndex(options.out);
  const next: RenderIndex = { settings, chats: new Map() };
  const summary: RenderSummary = { total: chats.length, rendered: 0, unchanged: 0, removed: 0, failed: [] };
  const markdown = createMarkdownToHtml();
  await ensureDir(options.out);
  const todo: { chat: ArchiveChat; entry: IndexEntry }[] = [];
  // The checks are a few stats per chat; run them side by side (the order of `todo` does not matter).
  await runPool(
    chats,
    CHECK_CONCURRENCY,
    async (chat) => {
      const manifest = await statKey(manifestFileOf(chat.org.dir, chat.uuid));
      const stem = chat.fileName.replace(/\.json$/i, "");
      const entry: IndexEntry = {
        source: `${chat.org.dirName}/${chat.fileName}`,
        mtimeMs: chat.mtimeMs,
        size: chat.size,
        manifest,
        organization: orgNames.get(chat.org.uuid) ?? "",
        output: `${chat.org.dirName}/${stem}.${options.format}`,
        artifacts: [],
      };
      const old = previous.chats.get(chat.uuid);
      const same =
        old !== undefined &&
        previous.settings === settings &&
        (["source", "mtimeMs", "size", "manifest", "organization", "output"] as const).every(
          (k) => old[k] === entry[k],
        ) &&
        (await statKey(inside(options.out, old.output))) !== "";
      if (same) {
        next.chats.set(chat.uuid, old);
        summary.unchanged++;
      } else todo.push({ chat, entry });
    },
    options.signal,
    async () => {},
  );
  const work = async ({ chat, entry }: { chat: ArchiveChat; entry: IndexEntry }) => {
    const json = await readChatJson(chat.path);
    if (!json) {
      summary.failed.push(chat.path);
      options.onChat?.(chat, "failed");
      return;
    }
    const stem = chat.fileName.replace(/\.json$/i, "");
    const outFile = inside(options.out, entry.output);
    const artifactsDir = join(dirname(outFile), "artifacts", stem);
    const rendered = renderChat(json, {
      format: options.format,
      view,
      branches: "all",
      organization: entry.organization || undefined,
      markdown,
      files: {
        root: options.root,
        orgDir: chat.org.dir,
        chatSlug: stem,
        manifest: entry.manifest ? await readManifest(chat.org.dir, chat.uuid) : [],
        fromDir: dirname(outFile),
      },
      artifactsHref: `artifacts/${encodeSegment(stem)}`,
      artifactVersions: options.artifactVersions,
    });
    await ensureDir(dirname(outFile));
    await writeFileAtomic(outFile, rendered.text);
    if (rendered.artifacts.length) await ensureDir(artifactsDir);
    for (const file of rendered.artifacts) {
      await writeFileAtomic(join(artifactsDir, file.name), file.content);
      entry.artifacts.push(relative(options.out, join(artifactsDir, file.name)).split(sep).join("/"));
    }
    const old = previous.chats.get(chat.uuid);
    if (old) await removeStale(options.out, old, entry);
    next.chats.set(chat.uuid, entry);
    summary.rendered++;
    options.onChat?.(chat, "rendered");
    if (summary.rendered % SAVE_EVERY === 0) await writeRenderIndex(options.out, mergeOld(next, previous));
  };
  await runPool(todo, options.concurrency ?? DEFAULT_CONCURRENCY, work, options.signal, async () => {
    await writeRenderIndex(options.out, mergeOld(next, previous));
  });
  // Chats no longer in the backup: their renderings go too.
  for (const [uuid, old] of previous.chats) {
    if (next.chats.has(uuid)) continue;
    await removeStale(options.out, old, undefined);
    summary.removed++;
  }
  await writeRenderIndex(options.out, next);
  return summary;
}

// The new index plus the old entries not yet replaced (an interrupted run must still know what to
// clean up next time).
function mergeOld(next: RenderIndex, previous: RenderIndex): RenderIndex {
  const chats = new Map(previous.chats);
  for (const [uuid, entry] of next.chats) chats.set(uuid, entry);
  return { settings: next.settings, chats };
}

// Removes the files of an old rendering that the new one (if any) no longer writes, and the folders
// that leaves empty.
async function removeStale(out: string, old: IndexEntry, current: IndexEntry | undefined): Promise<void> {
  const keep = new Set(current ? [current.output, ...current.artifacts] : []);
  const folders = new Set<string>();
  for (const path of [old.output, ...old.artifacts]) {
    if (keep.has(path)) continue;
    const full = inside(out, path);
    try {
      await rm(full, { force: true });
    } catch (error) {
      throw storeError(error, `cannot remove ${full}`);
    }
    folders.add(dirname(full));
  }
  for (const folder of folders) {
    // Only empty folders go; the org folder goes too when it is left empty.
    for (let dir = folder; dir !== resolve(out) && dir.startsWith(resolve(out) + sep); dir = dirname(dir)) {
      if (
        !(await rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        break;
    }
  }
}

// A path from the index, resolved inside OUT; an index edited to point elsewhere is refused.
function inside(out: string, path: string): string {
  const full = resolve(out, path);
  if (!full.startsWith(resolve(out) + sep)) {
    throw new StoreError(
      "STORAGE",
      `${join(out, ".render-index.json")} names a file outside the folder (${path}); remove it`,
    );
  }
  return full;
}

// `<mtime>:<size>` of a file, "" when it does not exist.
async function statKey(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info ? `${info.mtimeMs}:${info.size}` : "";
}

// Runs `work` over `items` with `limit` in flight; stops taking new items when `signal` aborts, then
// calls `onAbort` and throws InterruptedError.
async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal: AbortSignal | undefined,
  onAbort: () => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (signal?.aborted) {
    await onAbort();
    throw new InterruptedError("render interrupted; the next run continues where this one stopped");
  }
}
