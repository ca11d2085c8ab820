import type { DatabaseSync } from "node:sqlite";
import { UsageError } from "../core/errors.ts";
import { isUuid } from "../core/uuid.ts";

// `--org` and `--project` take a uuid or a name (any case); these turn them into the uuids the index
// filters on, or say which names the backup has.

// The organization uuids `value` names (its uuid, its name, or its folder's name).
export function resolveOrgs(db: DatabaseSync, value: string): string[] {
  const wanted = value.trim().toLowerCase();
  const rows = db.prepare("SELECT uuid, name, dir_name FROM orgs ORDER BY name").all();
  const found = rows
    .filter((row) => [row.uuid, row.name, row.dir_name].some((v) => String(v).toLowerCase() === wanted))
    .map((row) => String(row.uuid));
  if (found.length > 0) return found;
  const known = rows.map((row) => `'${String(row.name)}'`).join(", ") || "none";
  throw new UsageError(`--org: no organization '${value}' in this backup (it has: ${known})`);
}

// The project uuids `value` names: a project folder's uuid or name, or any uuid (a chat may name a
// project whose folder the backup does not have).
export function resolveProjects(db: DatabaseSync, value: string): string[] {
  const wanted = value.trim().toLowerCase();
  const rows = db.prepare("SELECT uuid, name FROM projects ORDER BY name").all();
  const found = rows
    .filter((row) => String(row.uuid) === wanted || String(row.name).toLowerCase() === wanted)
    .map((row) => String(row.uuid));
  if (found.length > 0) return found;
  if (isUuid(wanted)) return [wanted];
  const known = rows.map((row) => `'${String(row.name)}'`).join(", ") || "none";
  throw new UsageError(
    `--project: no project '${value}' in this backup (it has: ${known}); a uuid also works`,
  );
}
