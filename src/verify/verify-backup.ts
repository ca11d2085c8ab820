import { basename, dirname, join, sep } from "node:path";
import { listOrgFolders } from "../archive/org-folders.ts";
import {
  accountFile,
  blobsDir,
  chatFilesDirOf,
  chatsDirOf,
  listFileOf,
  manifestsDirOf,
  memoryFileOf,
  organizationsDir,
  PROJECT_MANIFEST,
  projectsDirOf,
  projectsListFileOf,
  stateDir,
} from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";
import { checkBlobs } from "./blobs.ts";
import { checkAccountFile, checkChats, checkListFile, checkOtherJson } from "./chats.ts";
import { permissionProblem, tempFileProblem } from "./item-checks.ts";
import { checkStoredEntries } from "./links.ts";
import { checkManifests, checkProjectManifest } from "./manifests.ts";
import { PROJECT_FULL_SCAN, type Problem, sortProblems } from "./problem.ts";
import { listTree, type TreeItem } from "./walk.ts";

// What one verify run found.
export interface VerifyReport {
  root: string;
  chats: number; // chat files parsed
  files: number; // stored files hashed
  manifests: number;
  problems: Problem[];
}

// Reads the whole backup once and lists what is wrong. Read-only: works on a folder the original
// tool made (no .claude-backup/, no manifests) and beside a running sync.
export async function verifyBackup(
  root: string,
  options: { platform?: NodeJS.Platform; signal?: AbortSignal } = {},
): Promise<VerifyReport> {
  const platform = options.platform ?? process.platform;
  const problems: Problem[] = [];
  // What the sync makes private (account.json, organizations/, files/, .claude-backup/); the root
  // itself and the original tool's `version` keep the modes their owner chose.
  const items: TreeItem[] = [];
  for (const top of [accountFile(root), organizationsDir(root), join(root, "files"), stateDir(root)]) {
    items.push(...(await listTree(top, problems)));
  }
  const byPath = new Map(items.map((item) => [item.path, item]));
  const byParent = new Map<string, TreeItem[]>();
  for (const item of items) {
    const parent = dirname(item.path);
    const siblings = byParent.get(parent);
    if (siblings) siblings.push(item);
    else byParent.set(parent, [item]);
    const open = permissionProblem(item, platform);
    if (open) problems.push(open);
  }
  // Temp files sit next to what is written, the root's account.json included.
  const temps = new Set<string>();
  for (const item of [...items, ...(await listTree(root, problems, 1))]) {
    const temp = tempFileProblem(item);
    if (temp && !temps.has(item.path)) {
      temps.add(item.path);
      problems.push(temp);
    }
  }
  const jsonFiles = (dir: string) =>
    (byParent.get(dir) ?? []).filter((i) => i.file && i.name.endsWith(".json") && !temps.has(i.path));

  if (byPath.get(accountFile(root))?.file) await checkAccountFile(accountFile(root), problems);
  const blobs = blobsDir(root);
  const stored = await checkBlobs(
    root,
    items.filter((i) => (i.path === blobs || i.path.startsWith(blobs + sep)) && !temps.has(i.path)),
    problems,
    options.signal,
  );
  let chats = 0;
  let manifests = 0;
  for (const org of await listOrgFolders(root)) {
    for (const path of [listFileOf(org.dir), projectsListFileOf(org.dir), memoryFileOf(org.dir)]) {
      if (!byPath.get(path)?.file) continue;
      if (path === listFileOf(org.dir)) await checkListFile(path, problems);
      else await checkOtherJson(path, problems);
    }
    const checked = await checkChats(jsonFiles(chatsDirOf(org.dir)), problems, options.signal);
    chats += checked.count;
    const manifestItems = jsonFiles(manifestsDirOf(org.dir));
    manifests += manifestItems.length;
    const linkDirs = new Map<string, string>();
    for (const item of byParent.get(chatFilesDirOf(org.dir)) ?? []) {
      const uuid = item.dir ? uuidFromFileName(item.name) : undefined;
      if (uuid && !linkDirs.has(uuid)) linkDirs.set(uuid, item.path);
    }
    const chatFilesDir = (chatUuid: string): string | undefined => {
      const found = linkDirs.get(chatUuid);
      if (found) return found;
      // No folder yet: where the sync puts it, next to the chat's file name (`<chat-name>-<uuid>`).
      const file = checked.fileByUuid.get(chatUuid);
      return file === undefined ? undefined : join(chatFilesDirOf(org.dir), basename(file, ".json"));
    };
    const entries = await checkManifests(manifestItems, chatFilesDir, problems);
    // Projects: their JSON files must parse, and the files their manifest names must be stored and
    // linked under their files/, as a chat's are.
    for (const folder of byParent.get(projectsDirOf(org.dir)) ?? []) {
      if (!folder.dir || uuidFromFileName(folder.name) === undefined) continue;
      for (const item of jsonFiles(folder.path)) {
        if (item.name === PROJECT_MANIFEST) {
          manifests++;
          entries.push(...(await checkProjectManifest(item.path, folder.path, problems)));
        } else await checkOtherJson(item.path, problems, `the next sync rewrites it ${PROJECT_FULL_SCAN}`);
      }
    }
    await checkStoredEntries(entries, { root, items: byPath, damaged: stored.damaged }, problems);
  }
  return { root, chats, files: stored.count, manifests, problems: sortProblems(problems) };
}
