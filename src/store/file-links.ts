import { linkSync, type Stats, statSync } from "node:fs";
import { copyFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { readDirIfExists } from "../archive/read-dir.ts";
import { blobPath } from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";
import { storeError } from "../core/store-error.ts";
import { newTempName } from "../core/temp-names.ts";
import { lowerCase } from "../core/uuid.ts";
import { ensureDir, moveFile, moveFileUnsynced } from "../disk/atomic-write.ts";
import { removeStrayTemps } from "./stray-temps.ts";

// One name a person finds a stored file under.
export interface FileLink {
  name: string; // already safe (sync/safe-file-name.ts)
  sha256: string;
}

// Where a hard link cannot be made, a copy is: another file system (EXDEV), file systems without
// hard links (EPERM on FAT and some network mounts, ENOTSUP, ENOSYS), or too many links (EMLINK).
const NO_LINK = new Set(["EXDEV", "EPERM", "ENOTSUP", "ENOSYS", "EMLINK", "EOPNOTSUPP"]);

// The folder `<parent>/<dirName>` of a chat's links, renamed from an older name of the same chat
// (folders end in the chat's uuid, as chat files do). Returns its path; made only when `create`.
export async function linkFolder(
  parent: string,
  dirName: string,
  uuid: string,
  create: boolean,
): Promise<string> {
  return linkFoldersIn(parent).open(dirName, uuid, create);
}

// The link folders of one parent folder, listed once: a sync opens every chat's folder, and listing
// the whole parent for each one made a first sync of n chats read its n folders n times.
export interface LinkFolders {
  // As linkFolder, for a folder of this parent.
  open(dirName: string, uuid: string, create: boolean): Promise<string>;
}

// The link folders of `parent`, indexed by uuid on first use. A chat's entry goes once it is opened:
// the index then holds only the folders this run has not seen yet, rather than gaining the folder of
// every chat a first sync saves (~120 bytes each, for the whole run). A chat opened twice in one run
// finds its folder where the first open left it; one renamed between the two (fetched again after a
// rename on claude.ai, mid-run) gets its new folder beside the old, whose links the next run's open
// removes (the leftovers below).
export function linkFoldersIn(parent: string): LinkFolders {
  let index: Promise<Map<string, FolderNames>> | undefined;
  const byUuid = () => {
    index ??= readDirIfExists(parent).then((entries) => {
      const map = new Map<string, FolderNames>();
      for (const entry of entries) {
        const uuid = entry.isDirectory() ? uuidFromFileName(entry.name) : undefined;
        if (!uuid) continue;
        const known = map.get(uuid);
        map.set(uuid, known === undefined ? entry.name : [...namesOf(known), entry.name]);
      }
      return map;
    });
    return index;
  };
  return {
    async open(dirName, uuid, create) {
      const map = await byUuid();
      const key = lowerCase(uuid);
      const others = namesOf(map.get(key)).filter((name) => name !== dirName);
      const wanted = join(parent, dirName);
      const [older, ...more] = others;
      // Direct calls, not thread-pool round trips (atomic-write.ts says why).
      const exists = statOrNone(wanted)?.isDirectory() === true;
      if (older && !exists) await moveFile(join(parent, older), wanted);
      // Leftovers of a run killed mid-rename hold only links and copies of stored blobs.
      for (const extra of exists && older ? others : more) {
        await rm(join(parent, extra), { recursive: true, force: true }).catch(() => {});
      }
      if (create) await ensureDir(wanted);
      map.delete(key);
      // Links a killed run was putting in place (a folder made just now has none).
      if (exists || older !== undefined) await removeStrayTemps(wanted);
      return wanted;
    },
  };
}

// A chat's link folders: the one name as itself (the usual case, kept for the whole run, so no array
// per chat), or the names of a chat that has several (left by a killed run).
type FolderNames = string | readonly string[];

function namesOf(names: FolderNames | undefined): readonly string[] {
  if (names === undefined) return [];
  return typeof names === "string" ? [names] : names;
}

function statOrNone(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

// Makes sure `dir/<name>` is the stored blob for every link: a hard link (the same bytes, no extra
// space), else a copy. A link is put in place under a temp name and renamed, so a name never holds
// half a copy.
export async function placeLinks(root: string, dir: string, links: readonly FileLink[]): Promise<void> {
  for (const { name, sha256 } of links) {
    const source = blobPath(root, sha256);
    const target = join(dir, name);
    const have = statOrNone(target);
    const blob = statOrNone(source);
    if (!blob) continue;
    // The same inode is done; anything else (an older copy, a link to a blob since fetched again) is
    // replaced, so links keep sharing the blob's bytes.
    if (have?.isFile() && have.ino === blob.ino && have.dev === blob.dev) continue;
    const temp = join(dir, newTempName());
    try {
      try {
        linkSync(source, temp);
      } catch (error) {
        if (!NO_LINK.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
        await copyFile(source, temp);
      }
      // Links are a view of the manifest (the blob and the manifest entry are synced already): their
      // folder is not synced once per link, which cost a thread-pool fsync per stored file.
      await moveFileUnsynced(temp, target);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw storeError(error, `cannot link ${target}`);
    }
  }
}
