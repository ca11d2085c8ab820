import { join } from "node:path";
import { isManifestEntry, type ManifestEntry } from "../archive/file-manifest.ts";
import { UUID_PATTERN } from "../core/uuid.ts";
import { readJson, unreadableJson } from "./json-file.ts";
import type { Problem } from "./problem.ts";
import type { TreeItem } from "./walk.ts";

// A manifest is named after its chat: `<chat-uuid>.json`, lower case (manifestFileOf).
const MANIFEST_NAME = new RegExp(`^(${UUID_PATTERN})\\.json$`);
// Stored content is named by its SHA-256 in lower-case hex; anything else must never reach a path.
export const SHA256 = /^[0-9a-f]{64}$/;

// An entry whose content the backup should hold: status ok, with a hash that is safe in a path.
export interface StoredEntry {
  manifestPath: string;
  entry: ManifestEntry & { sha256: string };
  // The folder its link goes in: the chat's `chat_files/<chat-name>-<uuid>/` (undefined while the chat
  // has no file to name it after), or the project's `files/`.
  linksDir: string | undefined;
  // When the sync fetches missing content again: a chat's on the next run; a project's when the project
  // is fetched again, which an unchanged project is only by the daily full scan.
  refetch: "next sync" | "full scan";
}

// Reads one organization's chat manifests (`file_manifests/<chat-uuid>.json`): each must be a JSON
// array of entries, and an `ok` entry must have a SHA-256 and, if it has a link, a plain file name.
// Returns the usable `ok` entries.
export async function checkManifests(
  items: readonly TreeItem[],
  linksDirOf: (chatUuid: string) => string | undefined,
  problems: Problem[],
): Promise<StoredEntry[]> {
  const stored: StoredEntry[] = [];
  for (const item of items) {
    const chatUuid = MANIFEST_NAME.exec(item.name)?.[1];
    if (chatUuid === undefined) {
      problems.push(
        badManifest(item.path, "is not named <chat-uuid>.json (lower case), so no chat reads it"),
      );
      continue;
    }
    const linksDir = linksDirOf(chatUuid);
    for (const entry of await okEntries(item.path, problems)) {
      stored.push({ manifestPath: item.path, entry, linksDir, refetch: "next sync" });
    }
  }
  return stored;
}

// Reads a project's `file_manifest.json`, whose links are under the project's `files/`.
export async function checkProjectManifest(
  path: string,
  projectDir: string,
  problems: Problem[],
): Promise<StoredEntry[]> {
  const linksDir = join(projectDir, "files");
  return (await okEntries(path, problems)).map((entry) => ({
    manifestPath: path,
    entry,
    linksDir,
    refetch: "full scan",
  }));
}

// The usable `ok` entries of one manifest file; what is wrong with it goes to `problems`.
async function okEntries(path: string, problems: Problem[]): Promise<(ManifestEntry & { sha256: string })[]> {
  const parsed = await readJson(path);
  if (!parsed.ok) {
    if (!parsed.gone) problems.push(unreadableJson(path, parsed) ?? badManifest(path, parsed.reason));
    return [];
  }
  if (!Array.isArray(parsed.value)) {
    problems.push(badManifest(path, "is not a JSON array"));
    return [];
  }
  const ok: (ManifestEntry & { sha256: string })[] = [];
  const wrong: string[] = [];
  parsed.value.forEach((value: unknown, index) => {
    const reason = entryProblem(value);
    if (reason) wrong.push(`entry ${index} ${reason}`);
    else if (isManifestEntry(value) && value.status === "ok" && value.sha256 !== undefined) {
      ok.push({ ...value, sha256: value.sha256 });
    }
  });
  if (wrong.length > 0) {
    const more = wrong.length > 1 ? ` (and ${wrong.length - 1} more)` : "";
    problems.push(badManifest(path, `${wrong[0]}${more}`));
  }
  return ok;
}

// Why an entry cannot be used, or undefined when it can.
function entryProblem(value: unknown): string | undefined {
  if (!isManifestEntry(value)) return "lacks key, variant, fileName or a status of ok/gone";
  if (value.status !== "ok") return undefined;
  if (typeof value.sha256 !== "string" || !SHA256.test(value.sha256)) return "is ok but has no valid sha256";
  if (value.link !== undefined && !isPlainName(value.link)) return "has a link that is not a plain file name";
  return undefined;
}

// A single file name: no folder parts, no `.`/`..`, no NUL. Links come from the manifest, which is data.
export function isPlainName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name !== "" &&
    name !== "." &&
    name !== ".." &&
    !/[/\\\0]/.test(name) &&
    Buffer.byteLength(name) <= 255
  );
}

function badManifest(path: string, reason: string): Problem {
  return {
    kind: "bad-manifest",
    path,
    detail: `${reason}; the files it names cannot be found through it: fix or remove it by hand`,
    fix: "manual",
  };
}
