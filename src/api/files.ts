import { ApiError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import type { HttpClient } from "../http/client.ts";
import type { ByteSink } from "../http/download.ts";

// One file of a chat's sandbox, as wiggle's list-files describes it (docs/claude-api.md §6).
export interface SandboxFile {
  path: string;
  size: number | undefined;
  contentType: string | undefined;
}

// The file calls: bytes of an upload (relative or absolute URL) and the per-chat sandbox.
export interface FilesApi {
  download<T>(target: string, what: string, sink: ByteSink<T>): Promise<T>;
  // The sandbox's files; undefined when the chat has none (404).
  sandboxList(orgUuid: string, chatUuid: string): Promise<{ body: Buffer; files: SandboxFile[] } | undefined>;
  // Where a sandbox file's bytes are (the path goes URL-encoded in the query).
  sandboxFilePath(orgUuid: string, chatUuid: string, path: string): string;
}

// The sandbox lives under /conversations/, not /chat_conversations/ (docs/claude-api.md §6).
const wiggle = (orgUuid: string, chatUuid: string) =>
  `/api/organizations/${orgUuid}/conversations/${chatUuid}/wiggle`;

export function createFilesApi(http: HttpClient): FilesApi {
  return {
    download: (target, what, sink) => http.download(target, what, sink),
    async sandboxList(orgUuid, chatUuid) {
      const what = `sandbox files of chat ${chatUuid}`;
      let answer: Awaited<ReturnType<HttpClient["getJson"]>>;
      try {
        answer = await http.getJson(`${wiggle(orgUuid, chatUuid)}/list-files?prefix=`, what);
      } catch (error) {
        if (error instanceof ApiError && error.code === "NOT_FOUND") return undefined;
        throw error;
      }
      return { body: answer.body, files: sandboxFilesOf(answer.json, what) };
    },
    sandboxFilePath: (orgUuid, chatUuid, path) =>
      `${wiggle(orgUuid, chatUuid)}/download-file?path=${encodeURIComponent(path)}`,
  };
}

// `{success, files: [path], files_metadata: [{path, size, content_type}]}`: the metadata when it is
// there, else the bare paths.
function sandboxFilesOf(json: unknown, what: string): SandboxFile[] {
  if (!isRecord(json)) throw new ApiError("BAD_RESPONSE", `${what}: expected an object with files`);
  const out = new Map<string, SandboxFile>();
  const metadata = Array.isArray(json.files_metadata) ? json.files_metadata : [];
  for (const item of metadata) {
    if (!isRecord(item) || typeof item.path !== "string") continue;
    out.set(item.path, {
      path: item.path,
      size: typeof item.size === "number" && item.size >= 0 ? item.size : undefined,
      contentType: typeof item.content_type === "string" ? item.content_type : undefined,
    });
  }
  for (const path of Array.isArray(json.files) ? json.files : []) {
    if (typeof path === "string" && !out.has(path))
      out.set(path, { path, size: undefined, contentType: undefined });
  }
  return [...out.values()];
}
