// The projects of a world (the `projects` option): drawn from their own PRNG stream, with shared,
// archived, starred, starter and "harmony" ones at fixed positions so small worlds have each kind.

import { type Clock, formatMicros } from "./clock.ts";
import type { FileSpec, FileStore } from "./files.ts";
import { DOC_NAMES, HOSTILE_DOC_NAMES, HOSTILE_PROJECT_NAME, PROJECT_NAMES } from "./names.ts";
import type { DocState, ProjectState } from "./project-state.ts";
import type { Rng } from "./rng.ts";
import type { Account, OrgState } from "./types.ts";
import { fileUrl, uploadEntry } from "./uploads.ts";

export interface ProjectGenDeps {
  rng: Rng;
  clock: Clock;
  store: FileStore;
  account: Account;
}

// Someone else's project, shared with the user (listed with creator_filter=is_not_creator).
export const OTHER_CREATOR = { uuid: "5a5a5a5a-0000-4000-8000-00000000c0de", full_name: "Grace Example" };

const DOC_TEXT: readonly string[] = [
  "# House style\nUse metric units. Écrivez « comme ceci ».\n",
  "Glossary:\n- hydration: water ÷ flour\n- levain: starter 🍞\n",
  "Endpoints we call:\nGET /api/organizations/{org}/projects\n",
  "会議メモ：来週までに草案を送る。\n",
];

// One knowledge doc, created between `after` and now.
export function makeDoc(deps: ProjectGenDeps, fileName: string, after: number, now: number): DocState {
  const { rng } = deps;
  const content = `${rng.pick(DOC_TEXT)}\n${"Lorem ipsum dolor sit amet. ".repeat(rng.int(1, 40))}\n`;
  return { uuid: rng.uuid4(), file_name: fileName, content, created_at: formatMicros(rng.int(after, now)) };
}

function projectFile(deps: ProjectGenDeps, orgUuid: string, createdAt: string): Record<string, unknown> {
  const { rng } = deps;
  const kind = rng.chance(0.5) ? "image" : "document";
  const fileUuid = rng.uuid4();
  const spec: FileSpec = {
    fileUuid,
    orgUuid,
    kind,
    fileName:
      kind === "image" ? rng.pick(["logo.png", "floor plan.jpg"]) : rng.pick(["brief.pdf", "Spec v3.pdf"]),
    contentKey: fileUuid,
    pageCount: rng.int(1, 4),
    gone: false,
  };
  deps.store.register(spec);
  return uploadEntry(spec, createdAt, (variant) => fileUrl(orgUuid, fileUuid, variant));
}

function syncSources(deps: ProjectGenDeps, at: string): unknown[] {
  const { rng } = deps;
  const out: unknown[] = [];
  const status = {
    current_size_bytes: rng.int(1000, 90_000),
    current_file_count: rng.int(1, 30),
    last_synced_at: at,
  };
  if (rng.chance(0.4)) {
    out.push({
      uuid: rng.uuid4(),
      type: "github",
      config: {
        owner: "example",
        repo: "handbook",
        branch: "main",
        filters: { filters: { "/docs": "include" } },
      },
      status,
    });
  }
  if (rng.chance(0.3))
    out.push({ uuid: rng.uuid4(), type: "gdrive", config: { uri: rng.base62(33) }, status });
  return out;
}

// Project `index` of `org`, created before `now` (microseconds on the world's timeline).
export function makeProject(
  deps: ProjectGenDeps,
  org: OrgState,
  index: number,
  init: { name?: string; hostile: boolean; now: number },
): ProjectState {
  const { rng } = deps;
  const created = rng.int(0, init.now);
  const updated = rng.int(created, init.now);
  const shared = index % 3 === 2;
  const name = init.name ?? (init.hostile && index === 1 ? HOSTILE_PROJECT_NAME : rng.pick(PROJECT_NAMES));
  const docs: DocState[] = [];
  const docNames = init.hostile && index === 0 ? HOSTILE_DOC_NAMES : [];
  for (const docName of docNames) docs.push(makeDoc(deps, docName, created, updated));
  for (let i = rng.int(0, 4); i > 0; i--) docs.push(makeDoc(deps, rng.pick(DOC_NAMES), created, updated));
  const files: Record<string, unknown>[] = [];
  for (let i = rng.int(0, 3); i > 0; i--) files.push(projectFile(deps, org.uuid, formatMicros(updated)));
  const owner = { uuid: deps.account.uuid, full_name: deps.account.full_name };
  return {
    uuid: rng.uuid4(),
    orgUuid: org.uuid,
    name,
    description: rng.chance(0.7) ? `About ${name}: notes, drafts and decisions.` : "",
    prompt_template: rng.chance(0.8)
      ? `You help with "${name}". Answer in short paragraphs.\nCite the docs.`
      : "",
    is_private: rng.chance(0.7),
    is_starter_project: index === 4,
    is_starred: index % 3 === 0,
    created_at: formatMicros(created),
    updated_at: formatMicros(updated),
    archived_at: index % 4 === 1 ? formatMicros(rng.int(updated, init.now)) : null,
    creator: shared ? { ...OTHER_CREATOR } : owner,
    harmony: index % 5 === 3,
    docs,
    files,
    syncs: syncSources(deps, formatMicros(updated)),
    memory:
      index % 2 === 0
        ? {
            memory: `**${name}**\n\n- prefers metric units\n- deadline in May`,
            updated_at: formatMicros(updated),
          }
        : null,
  };
}
