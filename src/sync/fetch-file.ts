import type { FilesApi } from "../api/files.ts";
import type { ManifestEntry } from "../archive/file-manifest.ts";
import { ApiError } from "../core/errors.ts";
import type { Organization } from "../core/types.ts";
import { type BlobsOnDisk, receiveBlob } from "../store/blob-store.ts";
import { contentCheck, UnwantedContent } from "./content-check.ts";
import type { SyncEvents, SyncSummary } from "./events.ts";
import type { FileRef } from "./file-refs.ts";
import type { TaskQueue } from "./task-queue.ts";

// What downloading needs: where blobs go, the queue (slots and failure policy), the API and the tally.
export interface FetchContext {
  root: string;
  queue: TaskQueue;
  files: FilesApi;
  events: SyncEvents;
  summary: SyncSummary;
  blobs: BlobsOnDisk; // grows as files are stored
  madeDirs: Set<string>; // folders made (or found) by this run, not made again
  now: () => Date;
}

// Errors of one URL after which the next URL of the same file is worth a try: it is not there (404),
// the host refused that link (an expired signature: 403 from a file host), it redirected, or it
// answered junk. Rate limits, an unavailable server, auth and disk errors are judged at once.
function tryNext(error: unknown): boolean {
  return (
    error instanceof UnwantedContent ||
    (error instanceof ApiError && ["NOT_FOUND", "FORBIDDEN", "BAD_RESPONSE"].includes(error.code))
  );
}

// Downloads one file, trying its URLs in order, and returns its manifest entry: "ok" with the blob's
// hash, or "gone" (404 everywhere, or only an HTML page instead of the image). Returns undefined when
// it failed under the failure policy (counted; the file is tried again by the next run). Throws when
// the run must stop. The blob is in place before the entry exists, so a saved entry is never ahead
// of its bytes.
export async function fetchFile(
  context: FetchContext,
  org: Organization,
  owner: string,
  ref: FileRef,
  base: Omit<ManifestEntry, "status">,
  candidates: readonly string[],
): Promise<ManifestEntry | undefined> {
  const what = `${ref.variant === "sandbox" ? "sandbox file" : ref.variant} ${ref.fileName} of ${owner}`;
  let last: unknown;
  let html: UnwantedContent | undefined;
  for (const target of candidates) {
    try {
      const sink = receiveBlob(context.root, {
        made: context.madeDirs,
        ...(contentCheck(ref.expect, what) ? { check: contentCheck(ref.expect, what) } : {}),
        ...(ref.size !== undefined ? { expectedSize: ref.size } : {}),
      });
      // The connection's slot is held while the bytes come in, not while they are synced.
      const received = await context.queue.request(() => context.files.download(target, what, sink));
      context.queue.succeeded();
      const blob = await received.store();
      context.blobs.add(blob.sha256);
      context.summary.files++;
      context.summary.bytes += blob.size;
      context.events.fileSaved(org, { owner, fileName: ref.fileName, size: blob.size });
      return {
        ...base,
        status: "ok",
        sha256: blob.sha256,
        size: blob.size,
        ...(blob.contentType ? { contentType: blob.contentType } : {}),
        source: shownSource(target),
        fetchedAt: context.now().toISOString(),
      };
    } catch (error) {
      if (context.queue.fatal) throw context.queue.fatal; // stopped meanwhile: this file stays to do
      if (error instanceof UnwantedContent) html = error;
      last = error;
      if (!tryNext(error)) break;
    }
  }
  if (html && (!(last instanceof ApiError) || last.code === "NOT_FOUND" || last === html)) {
    context.summary.filesGone++;
    return { ...base, status: "gone", note: html.message, fetchedAt: context.now().toISOString() };
  }
  if (last === undefined) return undefined;
  if (context.queue.judge(last) === "gone") {
    context.summary.filesGone++;
    return { ...base, status: "gone", fetchedAt: context.now().toISOString() };
  }
  context.summary.failed++;
  context.events.fileFailed(org, what, last as Error);
  return undefined;
}

// The URL an entry names as its source: a path on claude.ai as it is; on another host, without its
// query (a signed URL's signature is a credential of sorts, and expires anyway).
function shownSource(target: string): string {
  if (target.startsWith("/")) return target;
  try {
    const url = new URL(target);
    return `${url.origin}${url.pathname}`;
  } catch {
    return target;
  }
}
