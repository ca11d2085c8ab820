import { join } from "node:path";
import { listOrgFolders } from "../archive/org-folders.ts";
import { chatsDirOf, organizationsDir } from "../core/layout.ts";
import { orgDirName } from "../core/names.ts";
import type { Organization } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { ensureDir, moveFile } from "../disk/atomic-write.ts";

// Finds the organization's folder and gives it the organization's current name, renaming the folder
// a previous run (or the original tool) made under an older name. Returns the folder's path.
export async function resolveOrgDir(
  root: string,
  org: Organization,
  options: { create: boolean; warn: (message: string) => void; nameLimit: number },
): Promise<string> {
  const parent = organizationsDir(root);
  const wanted = orgDirName(org.name, org.uuid, options.nameLimit);
  const uuid = canonicalUuid(org.uuid);
  const existing = (await listOrgFolders(root)).filter((f) => f.uuid === uuid).map((f) => f.dirName);
  const [first] = existing;
  if (first !== undefined && !existing.includes(wanted)) {
    if (!options.create) return join(parent, first); // a dry run reads the folder as it is
    await moveFile(join(parent, first), join(parent, wanted));
    existing[0] = wanted;
  }
  const strays = existing.filter((name) => name !== wanted);
  if (strays.length > 0) {
    options.warn(
      `organization ${org.uuid} also has the folders ${strays.join(", ")}; only ${wanted} is updated`,
    );
  }
  if (options.create) await ensureDir(chatsDirOf(join(parent, wanted)));
  return join(parent, wanted);
}
