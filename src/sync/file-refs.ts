import { isRecord } from "../core/guards.ts";
import { isUuid } from "../core/uuid.ts";

// What is expected at a URL: an image or a document must not be an HTML page (content-check.ts);
// a sandbox file may be anything, HTML included.
export type Expect = "image" | "document" | "any";

// One file a chat or project refers to, and where its bytes may be fetched from.
export interface FileRef {
  // `file:<file_uuid>:<variant>` or `sandbox:<path>` (the manifest's key, archive/file-manifest.ts).
  key: string;
  fileUuid?: string;
  sandboxPath?: string;
  variant: "preview" | "thumbnail" | "document" | "sandbox";
  fileName: string; // as claude.ai shows it (made safe only for the hard link)
  // URLs or paths to try in order: the asset URL claude.ai gives, then the documented fallbacks.
  candidates: string[];
  expect: Expect;
  size?: number; // when claude.ai says (blobs, sandbox listings): the download must match it
}

// Tools that work in the chat's sandbox (docs/claude-api.md §7); a chat that used one may have
// outputs worth listing with wiggle list-files.
const SANDBOX_TOOLS = new Set(["create_file", "str_replace", "view", "bash_tool", "bash", "present_files"]);
const SANDBOX_ROOT = "/mnt/user-data/";

const fileUrl = (orgUuid: string, fileUuid: string, variant: string) =>
  `/api/${orgUuid}/files/${fileUuid}/${variant}`;

// Every file of a chat's messages (files_v2, else files; once per file_uuid), all branches.
export function chatFileRefs(chat: Record<string, unknown>, orgUuid: string): FileRef[] {
  const messages = Array.isArray(chat.chat_messages) ? chat.chat_messages : [];
  const refs = new Map<string, FileRef>();
  for (const message of messages) {
    if (!isRecord(message)) continue;
    const list = Array.isArray(message.files_v2) ? message.files_v2 : message.files;
    for (const entry of Array.isArray(list) ? list : []) {
      for (const ref of entryRefs(entry, orgUuid)) if (!refs.has(ref.key)) refs.set(ref.key, ref);
    }
  }
  return [...refs.values()];
}

// The variants worth keeping of one files_v2/files entry (also the shape of project files).
export function entryRefs(entry: unknown, orgUuid: string): FileRef[] {
  if (!isRecord(entry) || entry.success === false) return [];
  const fileUuid = entry.file_uuid ?? entry.uuid;
  if (!isUuid(fileUuid)) return [];
  const fileName = typeof entry.file_name === "string" && entry.file_name !== "" ? entry.file_name : fileUuid;
  const kind = entry.file_kind;
  const asset = (field: string) => (isRecord(entry[field]) ? text(entry[field].url) : undefined);
  const ref = (variant: FileRef["variant"], expect: Expect, candidates: (string | undefined)[]): FileRef => ({
    key: `file:${fileUuid}:${variant}`,
    fileUuid,
    variant,
    fileName,
    candidates: unique(candidates),
    expect,
  });
  if (kind === "blob") {
    // A blob's bytes are only in the sandbox, at its path (docs/claude-api.md §6).
    const path = text(entry.path);
    if (!path) return [];
    const size = typeof entry.size_bytes === "number" ? entry.size_bytes : undefined;
    return [sandboxRef(path, size)];
  }
  const thumbnailUrl = text(entry.thumbnail_url);
  const thumbnail = ref("thumbnail", "image", [
    asset("thumbnail_asset"),
    thumbnailUrl,
    fileUrl(orgUuid, fileUuid, "thumbnail"),
  ]);
  if (kind === "image") {
    const preview = ref("preview", "image", [
      asset("preview_asset") ?? asset("image_asset"),
      text(entry.preview_url),
      fileUrl(orgUuid, fileUuid, "preview"),
      // Original bytes, seen in one client only: tried when the preview is not an image.
      fileUrl(orgUuid, fileUuid, "contents"),
    ]);
    return [preview, thumbnail];
  }
  if (kind === "document") {
    // The old `files` shape has no document_asset: /document_pdf sits next to the thumbnail.
    const document = ref("document", "document", [
      asset("document_asset"),
      thumbnailUrl?.replace(/\/thumbnail(\?.*)?$/, "/document_pdf"),
      fileUrl(orgUuid, fileUuid, "document_pdf"),
    ]);
    return thumbnailUrl || asset("thumbnail_asset") ? [document, thumbnail] : [document];
  }
  // Other kinds (video, audio): whatever asset URL the entry gives.
  const any = unique([asset("document_asset"), asset("preview_asset"), text(entry.preview_url)]);
  return any.length > 0 ? [ref("preview", "any", any)] : [];
}

// A sandbox file; its bytes come from wiggle download-file (the caller makes that path).
export function sandboxRef(path: string, size?: number): FileRef {
  const name = path.split("/").filter(Boolean).at(-1) ?? "file";
  return {
    key: `sandbox:${path}`,
    sandboxPath: path,
    variant: "sandbox",
    fileName: name,
    candidates: [],
    expect: "any",
    ...(size !== undefined ? { size } : {}),
  };
}

// What a chat's JSON says about its files: the files its messages name, and whether its sandbox is
// worth listing. Small, so it can be kept while the chat's files are fetched instead of the JSON.
export interface ChatFileSources {
  refs: FileRef[];
  sandbox: boolean;
}

export function chatFileSources(chat: Record<string, unknown>, orgUuid: string): ChatFileSources {
  return { refs: chatFileRefs(chat, orgUuid), sandbox: usesSandbox(chat) };
}

// True when the chat used sandbox tools or uploaded blobs: then its sandbox is listed.
export function usesSandbox(chat: Record<string, unknown>): boolean {
  const messages = Array.isArray(chat.chat_messages) ? chat.chat_messages : [];
  for (const message of messages) {
    if (!isRecord(message)) continue;
    for (const block of Array.isArray(message.content) ? message.content : []) {
      if (!isRecord(block) || block.type !== "tool_use") continue;
      if (typeof block.name === "string" && SANDBOX_TOOLS.has(block.name)) return true;
      if (JSON.stringify(block.input ?? null).includes(SANDBOX_ROOT)) return true;
    }
    for (const field of ["files_v2", "files"]) {
      const list = message[field];
      if (Array.isArray(list) && list.some((e) => isRecord(e) && e.file_kind === "blob")) return true;
    }
  }
  return false;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}
