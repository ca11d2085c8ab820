// What a client should end up with: every file variant and sandbox file a chat or project offers,
// with the hash, size and type the fake serves (for e2e tests that check stored bytes).

import { type FileKind, type FileStore, KIND_VARIANTS } from "./files.ts";
import { payloadSha256 } from "./payload.ts";
import type { FileVariant } from "./route.ts";
import type { Sandboxes } from "./sandbox.ts";
import type { MessageJson } from "./types.ts";
import { fileUrl } from "./uploads.ts";

export interface ExpectedFile {
  // "<file_uuid>/<variant>" for a file variant, "wiggle:<path>" for a sandbox file.
  key: string;
  source: "file" | "sandbox";
  // Where the fake serves it: the relative file URL, or the wiggle download URL.
  url: string;
  // The absolute signed URL on the foreign host, when the entry's *_asset.url is one.
  signedUrl?: string;
  fileUuid?: string;
  variant?: FileVariant;
  path?: string;
  fileName: string;
  kind: FileKind | "sandbox";
  // "missing": 404 for good; "html_viewer": `/preview` answers an HTML page instead of the image.
  status: "ok" | "missing" | "html_viewer";
  // Empty and 0 when status is not "ok".
  sha256: string;
  size: number;
  // The Content-Type header the fake sends with the bytes.
  contentType: string;
}

const ASSET_FIELDS: Record<string, FileVariant> = {
  preview_asset: "preview",
  thumbnail_asset: "thumbnail",
  document_asset: "document_pdf",
};

// Absolute asset URLs of an entry, by the variant they point at.
function signedUrls(entry: Record<string, unknown>): Map<FileVariant, string> {
  const out = new Map<FileVariant, string>();
  for (const [field, variant] of Object.entries(ASSET_FIELDS)) {
    const url = (entry[field] as { url?: unknown } | undefined)?.url;
    if (typeof url === "string" && /^https?:\/\//.test(url)) out.set(variant, url);
  }
  return out;
}

// Every file entry of the messages (files_v2, else files), once per file_uuid, in order.
export function messageEntries(messages: readonly MessageJson[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const message of messages) {
    const list = Array.isArray(message.files_v2) ? message.files_v2 : message.files;
    for (const entry of Array.isArray(list) ? list : []) {
      const e = entry as Record<string, unknown>;
      if (typeof e.file_uuid !== "string" || seen.has(e.file_uuid)) continue;
      seen.add(e.file_uuid);
      out.push(e);
    }
  }
  return out;
}

// The variants of each entry's file (blobs have none: their bytes come from the sandbox).
export function expectedForEntries(
  store: FileStore,
  orgUuid: string,
  entries: readonly Record<string, unknown>[],
): ExpectedFile[] {
  const out: ExpectedFile[] = [];
  for (const entry of entries) {
    const spec = store.get(orgUuid, String(entry.file_uuid));
    if (!spec) continue;
    const signed = signedUrls(entry);
    for (const variant of KIND_VARIANTS[spec.kind]) {
      const html = variant === "preview" && store.htmlPreview(spec);
      const status = spec.gone ? "missing" : html ? "html_viewer" : "ok";
      const payload = store.payload(spec, variant);
      const file: ExpectedFile = {
        key: `${spec.fileUuid}/${variant}`,
        source: "file",
        url: fileUrl(orgUuid, spec.fileUuid, variant),
        fileUuid: spec.fileUuid,
        variant,
        fileName: spec.fileName,
        kind: spec.kind,
        status,
        sha256: status === "ok" ? store.sha256(spec, variant) : "",
        size: status === "ok" ? (payload?.size ?? 0) : 0,
        contentType: status === "html_viewer" ? "text/html; charset=UTF-8" : (payload?.contentType ?? ""),
      };
      const signedUrl = signed.get(variant);
      if (signedUrl !== undefined) file.signedUrl = signedUrl;
      out.push(file);
    }
  }
  return out;
}

// The URL of one sandbox file's download (docs/claude-api.md §6): the path is URL-encoded in the query.
export function wiggleDownloadUrl(orgUuid: string, chatUuid: string, path: string): string {
  return `/api/organizations/${orgUuid}/conversations/${chatUuid}/wiggle/download-file?path=${encodeURIComponent(path)}`;
}

// Every file in the chat's sandbox.
export function expectedForSandbox(sandboxes: Sandboxes, orgUuid: string, chatUuid: string): ExpectedFile[] {
  return sandboxes.list(chatUuid).map((file) => {
    const payload = file.bytes();
    return {
      key: `wiggle:${file.path}`,
      source: "sandbox",
      url: wiggleDownloadUrl(orgUuid, chatUuid, file.path),
      path: file.path,
      fileName: file.path.slice(file.path.lastIndexOf("/") + 1),
      kind: "sandbox",
      status: "ok",
      sha256: payloadSha256(payload),
      size: payload.size,
      contentType: "application/octet-stream",
    };
  });
}
