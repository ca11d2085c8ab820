import { join } from "node:path";
import { organizationsDir } from "../core/layout.ts";
import { uuidFromFileName } from "../core/names.ts";
import { readDirIfExists } from "./read-dir.ts";

// One organization's folder as the backup holds it: `organizations/<name>-<uuid>/`.
export interface OrgFolder {
  uuid: string; // lower case, from the folder name
  dirName: string;
  dir: string;
}

// Every organization folder of a backup, in name order. Folders whose name does not end in a uuid are
// not ours and are left out.
export async function listOrgFolders(root: string): Promise<OrgFolder[]> {
  const parent = organizationsDir(root);
  const folders: OrgFolder[] = [];
  for (const entry of await readDirIfExists(parent)) {
    if (!entry.isDirectory()) continue;
    const uuid = uuidFromFileName(entry.name);
    if (uuid) folders.push({ uuid, dirName: entry.name, dir: join(parent, entry.name) });
  }
  return folders.sort((a, b) => (a.dirName < b.dirName ? -1 : a.dirName > b.dirName ? 1 : 0));
}
