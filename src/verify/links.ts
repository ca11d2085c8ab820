import { join } from "node:path";
import { blobPath } from "../core/layout.ts";
import { sha256OfFile } from "./hash-file.ts";
import type { StoredEntry } from "./manifests.ts";
import { PROJECT_FULL_SCAN, type Problem } from "./problem.ts";
import type { TreeItem } from "./walk.ts";

// What the link check needs to know about one organization and the stored files.
export interface LinkContext {
  root: string;
  items: ReadonlyMap<string, TreeItem>; // every item of the backup by path
  damaged: ReadonlySet<string>; // stored files whose bytes do not match
}

// Checks that the content of every `ok` manifest entry is stored, and that its hard link (under the
// chat's chat_files/ folder or the project's files/) is that content: the same inode (cheap), or for
// a copy (file systems without hard links) the same size and hash. Missing content is reported once
// per stored file.
export async function checkStoredEntries(
  stored: readonly StoredEntry[],
  context: LinkContext,
  problems: Problem[],
): Promise<void> {
  const missing = new Map<string, StoredEntry[]>();
  for (const item of stored) {
    const blob = blobPath(context.root, item.entry.sha256);
    const blobItem = context.items.get(blob);
    if (!blobItem?.file) {
      const list = missing.get(blob);
      if (list) list.push(item);
      else missing.set(blob, [item]);
      continue;
    }
    if (item.linksDir === undefined || item.entry.link === undefined) continue;
    const linkPath = join(item.linksDir, item.entry.link);
    const problem = await linkProblem(linkPath, blobItem, context);
    if (problem) problems.push(problem);
  }
  for (const [blob, entries] of missing) {
    const [first] = entries;
    if (!first) continue;
    const more = entries.length > 1 ? ` and ${entries.length - 1} more` : "";
    const what = `content of "${first.entry.fileName}" (${first.manifestPath}${more}) is missing`;
    // Its hard link may still hold the bytes (the stored copy was deleted by hand).
    const copy = await intactLink(entries, context);
    const when = entries.some((entry) => entry.refetch === "next sync")
      ? "the next sync fetches it again"
      : `the next sync fetches it again ${PROJECT_FULL_SCAN}`;
    problems.push(
      copy
        ? {
            kind: "missing-file",
            path: blob,
            detail: `${what}; --repair links it back from ${copy}, which still holds it`,
            fix: "repair",
            repair: { action: "link", from: copy },
          }
        : {
            kind: "missing-file",
            path: blob,
            detail: `${what}; ${when}`,
            fix: "sync",
          },
    );
  }
}

// A link of one of these entries whose bytes hash to the entry's SHA-256.
async function intactLink(
  entries: readonly StoredEntry[],
  context: LinkContext,
): Promise<string | undefined> {
  for (const { linksDir, entry } of entries) {
    if (linksDir === undefined || entry.link === undefined) continue;
    const path = join(linksDir, entry.link);
    if (context.items.get(path)?.file && (await hashIs(path, entry.sha256))) return path;
  }
  return undefined;
}

async function linkProblem(
  linkPath: string,
  blob: TreeItem,
  context: LinkContext,
): Promise<Problem | undefined> {
  const link = context.items.get(linkPath);
  const sameInode =
    link !== undefined && link.stats.ino === blob.stats.ino && link.stats.dev === blob.stats.dev;
  if (context.damaged.has(blob.path)) {
    // The link shows the same damaged bytes; it goes with them, and the next sync links the new copy.
    if (!sameInode) return undefined;
    return {
      kind: "bad-link",
      path: linkPath,
      detail: `is the damaged content of ${blob.path}; --repair removes it with that content`,
      fix: "repair",
      repair: { action: "remove" },
    };
  }
  const relink = { action: "link", from: blob.path } as const;
  if (!link?.file) {
    return {
      kind: "missing-link",
      path: linkPath,
      detail: `its manifest names this file; --repair links it to ${blob.path}`,
      fix: "repair",
      repair: relink,
    };
  }
  if (sameInode) return undefined;
  if (link.stats.size === blob.stats.size && (await hashIs(linkPath, blob.name, true))) return undefined;
  return {
    kind: "bad-link",
    path: linkPath,
    detail: `is not the content its manifest names (${blob.path}); --repair links it again`,
    fix: "repair",
    repair: relink,
  };
}

// True when the file hashes to `sha256`; `ifUnreadable` when it vanished or cannot be read meanwhile.
async function hashIs(path: string, sha256: string, ifUnreadable = false): Promise<boolean> {
  try {
    return (await sha256OfFile(path)) === sha256;
  } catch {
    return ifUnreadable;
  }
}
