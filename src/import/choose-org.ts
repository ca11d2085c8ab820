import { organizationNames, readAccount } from "../archive/archive.ts";
import { listOrgFolders } from "../archive/org-folders.ts";
import { ImportError, UsageError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { isUuid } from "../core/uuid.ts";

// Which organization folder imported chats go into. The export names no organization in its content
// (conversations carry only the user's `account.uuid`), so, in this order:
// 1. `--org UUID`, which must be an organization the backup knows, if it knows any;
// 2. an organization the backup knows whose uuid is in the export's file names (`data-<uuid>-…zip`);
// 3. the one chat organization the backup knows (its folders, else account.json's memberships);
// 4. several known: refused, listing them, so that nothing is ever guessed between organizations;
// 5. none known (an empty backup): the uuid in the export's file names, else a folder named after the
//    export's account (`<full name>-<account uuid>`). A later sync that finds the same uuid adopts it.
export interface OrgChoice {
  uuid: string;
  name: string; // for a new folder's name
  dir?: string; // the existing folder, when there is one
}

interface Known {
  uuid: string;
  name: string;
  dir?: string;
}

export interface ExportIdentity {
  nameUuids: string[]; // uuids in the export's file names
  accountUuid: string | undefined; // conversations' account.uuid, or users.json's user
  accountName: string | undefined; // users.json's full_name
}

// Picks the organization (see above). Throws UsageError when it must not guess.
export async function chooseOrg(
  root: string,
  wanted: string | undefined,
  id: ExportIdentity,
): Promise<OrgChoice> {
  const account = await readAccount(root);
  const known = await knownOrgs(root, account);
  const backupAccount = typeof account?.uuid === "string" ? account.uuid.toLowerCase() : undefined;
  if (wanted !== undefined) {
    if (!isUuid(wanted)) throw new UsageError(`--org expects an organization uuid, got "${wanted}"`);
    const uuid = wanted.toLowerCase();
    const found = known.find((org) => org.uuid === uuid);
    if (found) return found;
    if (known.length > 0)
      throw new UsageError(`--org ${wanted} is not an organization of this backup; ${choices(known)}`);
    return { uuid, name: "" };
  }
  if (backupAccount && id.accountUuid && backupAccount !== id.accountUuid) {
    throw new ImportError(
      `this export belongs to account ${id.accountUuid}, but the backup to account ${backupAccount}; pass --org UUID to import it anyway`,
    );
  }
  const named = known.filter((org) => id.nameUuids.includes(org.uuid));
  if (named.length === 1 && named[0]) return named[0];
  if (known.length === 1 && known[0]) return known[0];
  if (known.length > 1) throw new UsageError(`the backup has several organizations; ${choices(known)}`);
  const [fromName] = id.nameUuids;
  if (fromName) return { uuid: fromName, name: "" };
  if (id.accountUuid) return { uuid: id.accountUuid, name: id.accountName ?? "" };
  throw new UsageError("cannot tell which organization this export belongs to; pass --org UUID");
}

// The backup's organization folders, then account.json's chat organizations that have none yet.
async function knownOrgs(root: string, account: Record<string, unknown> | undefined): Promise<Known[]> {
  const names = organizationNames(account);
  const known: Known[] = (await listOrgFolders(root)).map((f) => ({
    uuid: f.uuid,
    name: names.get(f.uuid) ?? f.dirName,
    dir: f.dir,
  }));
  const memberships = Array.isArray(account?.memberships) ? account.memberships : [];
  for (const membership of memberships) {
    const org = isRecord(membership) ? membership.organization : undefined;
    if (!isRecord(org) || !isUuid(org.uuid)) continue;
    const capabilities = Array.isArray(org.capabilities) ? org.capabilities : [];
    const uuid = org.uuid.toLowerCase();
    if (!capabilities.includes("chat") || known.some((k) => k.uuid === uuid)) continue;
    known.push({ uuid, name: typeof org.name === "string" ? org.name : "" });
  }
  return known;
}

function choices(known: Known[]): string {
  const list = known.map((org) => `${org.uuid} (${org.name || "no name"})`).join(", ");
  return `choose one with --org UUID: ${list}`;
}
