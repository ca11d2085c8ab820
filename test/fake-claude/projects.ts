// The projects of every chat org: generated once, then queried by the endpoints and changed by tests.

import { parseMicros } from "./clock.ts";
import { makeDoc, makeProject, OTHER_CREATOR, type ProjectGenDeps } from "./project-gen.ts";
import type { ProjectState } from "./project-state.ts";
import type { OrgState } from "./types.ts";
import type { World } from "./world.ts";

export type ProjectOrder = "latest_chat" | "updated_at" | "created_at" | "name";
export type CreatorFilter = "is_creator" | "is_not_creator";

export interface ProjectQuery {
  starred: boolean | undefined;
  creator: CreatorFilter | undefined;
  harmony: boolean;
  orderBy: ProjectOrder | undefined;
}

export interface ProjectInit {
  name?: string;
  description?: string;
  promptTemplate?: string;
  isPrivate?: boolean;
  starred?: boolean;
  // Made by someone else and shared with the user.
  shared?: boolean;
}

export interface ProjectPatch {
  description?: string;
  promptTemplate?: string;
  isPrivate?: boolean;
  starred?: boolean;
}

export interface ProjectBook {
  // Every project of the org, archived, shared and harmony ones included, in creation order.
  all(orgUuid: string): ProjectState[];
  get(orgUuid: string, projectUuid: string): ProjectState | undefined;
  query(orgUuid: string, query: ProjectQuery): ProjectState[];
  create(orgUuid: string, init?: ProjectInit): string;
  rename(orgUuid: string, projectUuid: string, name: string): void;
  update(orgUuid: string, projectUuid: string, patch?: ProjectPatch): void;
  archive(orgUuid: string, projectUuid: string, archived: boolean): void;
  remove(orgUuid: string, projectUuid: string): void;
  addDoc(orgUuid: string, projectUuid: string, init?: { fileName?: string; content?: string }): string;
  removeDoc(orgUuid: string, projectUuid: string, docUuid: string): void;
  setMemory(orgUuid: string, projectUuid: string, text: string | null): void;
}

// Seconds the extras clock moves per mutation, like the world's.
const MUTATION_STEP: readonly [number, number] = [2, 9];
// Share of chats that belong to a project, and of those whose detail also has a `project` object.
const PROJECT_CHAT_SHARE = 0.35;
const PROJECT_OBJECT_SHARE = 0.5;

function byNewest(key: (p: ProjectState) => string): (a: ProjectState, b: ProjectState) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? 1 : -1;
    return a.uuid < b.uuid ? -1 : 1;
  };
}

// Latest updated_at of the project's chats, or "" when it has none (they sort last).
function latestChat(org: OrgState | undefined, projectUuid: string): string {
  let latest = "";
  for (const chat of org?.chats.values() ?? []) {
    if (chat.project_uuid === projectUuid && chat.updated_at > latest) latest = chat.updated_at;
  }
  return latest;
}

// `count` projects per chat org, and some of each org's chats moved into them.
export function createProjectBook(
  world: World,
  deps: ProjectGenDeps,
  count: number,
  hostile: boolean,
): ProjectBook {
  const { rng, clock } = deps;
  const byOrg = new Map<string, ProjectState[]>();
  const now = latestMicros(world);
  world.chatOrgs().forEach((org, o) => {
    const projects: ProjectState[] = [];
    for (let i = 0; i < count; i++)
      projects.push(makeProject(deps, org, i, { hostile: hostile && o === 0, now }));
    byOrg.set(org.uuid, projects);
    if (projects.length === 0) return;
    for (const chat of org.chats.values()) {
      if (!rng.chance(PROJECT_CHAT_SHARE)) continue;
      const project = rng.pick(projects);
      chat.project_uuid = project.uuid;
      if (rng.chance(PROJECT_OBJECT_SHARE)) chat.project = { uuid: project.uuid, name: project.name };
    }
  });

  const tick = (): string => clock.advance(MUTATION_STEP[0], MUTATION_STEP[1]);
  const list = (orgUuid: string): ProjectState[] => {
    const projects = byOrg.get(orgUuid);
    if (!projects) throw new Error(`fake-claude: no chat org ${orgUuid}`);
    return projects;
  };
  const must = (orgUuid: string, projectUuid: string): ProjectState => {
    const project = list(orgUuid).find((p) => p.uuid === projectUuid);
    if (!project) throw new Error(`fake-claude: no project ${projectUuid} in org ${orgUuid}`);
    return project;
  };
  const orgOf = (orgUuid: string): OrgState | undefined => world.chatOrgs().find((o) => o.uuid === orgUuid);

  return {
    all: (orgUuid) => [...list(orgUuid)],
    get: (orgUuid, projectUuid) => byOrg.get(orgUuid)?.find((p) => p.uuid === projectUuid),
    query(orgUuid, q) {
      const me = deps.account.uuid;
      const kept = list(orgUuid).filter(
        (p) =>
          (q.harmony || !p.harmony) &&
          (q.starred === undefined || p.is_starred === q.starred) &&
          (q.creator === undefined || (p.creator.uuid === me) === (q.creator === "is_creator")),
      );
      if (q.orderBy === "name") return kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (q.orderBy === "created_at") return kept.sort(byNewest((p) => p.created_at));
      if (q.orderBy === "latest_chat") {
        const org = orgOf(orgUuid);
        return kept.sort(byNewest((p) => `${latestChat(org, p.uuid)}|${p.updated_at}`));
      }
      return kept.sort(byNewest((p) => p.updated_at));
    },
    create(orgUuid, init = {}) {
      const at = tick();
      const owner = init.shared
        ? { ...OTHER_CREATOR }
        : { uuid: deps.account.uuid, full_name: deps.account.full_name };
      const project: ProjectState = {
        uuid: rng.uuid4(),
        orgUuid,
        name: init.name ?? "New project",
        description: init.description ?? "",
        prompt_template: init.promptTemplate ?? "",
        is_private: init.isPrivate ?? true,
        is_starter_project: false,
        is_starred: init.starred ?? false,
        created_at: at,
        updated_at: at,
        archived_at: null,
        creator: owner,
        harmony: false,
        docs: [],
        files: [],
        syncs: [],
        memory: null,
      };
      list(orgUuid).push(project);
      return project.uuid;
    },
    rename(orgUuid, projectUuid, name) {
      const project = must(orgUuid, projectUuid);
      project.name = name;
      project.updated_at = tick();
      for (const chat of orgOf(orgUuid)?.chats.values() ?? []) {
        if (chat.project?.uuid === projectUuid) chat.project = { uuid: projectUuid, name };
      }
    },
    update(orgUuid, projectUuid, patch = {}) {
      const project = must(orgUuid, projectUuid);
      if (patch.description !== undefined) project.description = patch.description;
      if (patch.promptTemplate !== undefined) project.prompt_template = patch.promptTemplate;
      if (patch.isPrivate !== undefined) project.is_private = patch.isPrivate;
      if (patch.starred !== undefined) project.is_starred = patch.starred;
      project.updated_at = tick();
    },
    archive(orgUuid, projectUuid, archived) {
      const project = must(orgUuid, projectUuid);
      const at = tick();
      project.archived_at = archived ? at : null;
      project.updated_at = at;
    },
    remove(orgUuid, projectUuid) {
      must(orgUuid, projectUuid);
      // Its chats keep their project_uuid: a dangling reference a backup must survive.
      byOrg.set(
        orgUuid,
        list(orgUuid).filter((p) => p.uuid !== projectUuid),
      );
    },
    addDoc(orgUuid, projectUuid, init = {}) {
      const project = must(orgUuid, projectUuid);
      const at = tick();
      const doc = makeDoc(deps, init.fileName ?? "notes.md", parseMicros(at), parseMicros(at));
      if (init.content !== undefined) doc.content = init.content;
      project.docs.push(doc);
      project.updated_at = at;
      return doc.uuid;
    },
    removeDoc(orgUuid, projectUuid, docUuid) {
      const project = must(orgUuid, projectUuid);
      if (!project.docs.some((d) => d.uuid === docUuid)) throw new Error(`fake-claude: no doc ${docUuid}`);
      project.docs = project.docs.filter((d) => d.uuid !== docUuid);
      project.updated_at = tick();
    },
    setMemory(orgUuid, projectUuid, text) {
      const project = must(orgUuid, projectUuid);
      project.memory = text === null ? null : { memory: text, updated_at: tick() };
    },
  };
}

// The latest instant the world has written (microseconds), where the extras clock starts.
export function latestMicros(world: World): number {
  let latest = 0;
  for (const org of world.chatOrgs()) {
    for (const chat of org.chats.values()) latest = Math.max(latest, parseMicros(chat.updated_at));
  }
  return latest;
}
