import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Organization } from "../api/types.ts";
import { ensureDir, moveFile } from "./atomic-write.ts";
import { chatsDirOf, organizationsDir } from "./layout.ts";
import { orgDirName, uuidFromFileName } from "./names.ts";
import { storeError } from "./store-error.ts";

// Finds the organization's folder and gives it the organization's current name, renaming the folder
// a previous run (or the original tool) made under an older name. Returns the folder's path.
export async function resolveOrgDir(
  root: string,
  org: Organization,
  options: { create: boolean; warn: (message: string) => void; nameLimit: number },
): Promise<string> {
  const parent = organizationsDir(root);
  const wanted = orgDirName(org.name, org.uuid, options.nameLimit);
  const existing = (await listDirs(parent)).filter((name) => uuidFromFileName(name) === org.uuid);
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

async function listDirs(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw storeError(error, `cannot list ${path}`);
  }
}
