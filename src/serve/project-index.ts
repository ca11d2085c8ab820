import { stat } from "node:fs/promises";
import type { OrgFolder } from "../archive/org-folders.ts";
import { projectsDirOf, projectsListFileOf } from "../core/layout.ts";
import { listProjects, type ProjectMeta } from "./projects.ts";

// Every project of the backup by uuid, read again only when an organization's projects.json or
// projects/ folder changed (the list page shows project names on every request).

export interface ProjectIndex {
  current(orgs: readonly OrgFolder[]): Promise<Map<string, ProjectMeta>>;
}

export function createProjectIndex(): ProjectIndex {
  const perOrg = new Map<string, { stamp: string; projects: ProjectMeta[] }>();
  let last: { stamp: string; map: Map<string, ProjectMeta> } | undefined;
  return {
    async current(orgs) {
      const stamps = await Promise.all(orgs.map(async (org) => `${org.dir}|${await stampOf(org)}`));
      const stamp = stamps.join("\n");
      if (last?.stamp === stamp) return last.map;
      const map = new Map<string, ProjectMeta>();
      for (const [i, org] of orgs.entries()) {
        const orgStamp = stamps[i] ?? "";
        let held = perOrg.get(org.dir);
        if (held?.stamp !== orgStamp) {
          held = { stamp: orgStamp, projects: await listProjects(org) };
          perOrg.set(org.dir, held);
        }
        for (const project of held.projects) map.set(project.uuid, project);
      }
      last = { stamp, map };
      return map;
    },
  };
}

async function stampOf(org: OrgFolder): Promise<string> {
  const parts = await Promise.all(
    [projectsListFileOf(org.dir), projectsDirOf(org.dir)].map(async (path) => {
      const info = await stat(path).catch(() => undefined);
      return info ? `${info.mtimeMs}:${info.size}` : "-";
    }),
  );
  return parts.join(",");
}
