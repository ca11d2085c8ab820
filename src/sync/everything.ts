import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FilesApi } from "../api/files.ts";
import type { ProjectsApi } from "../api/projects.ts";
import { blobsDir, manifestsDirOf, memoryFileOf, stateDir } from "../core/layout.ts";
import { chatSlug } from "../core/names.ts";
import { nameOf } from "../core/types.ts";
import { canonicalUuid } from "../core/uuid.ts";
import { writeFileAtomic } from "../disk/atomic-write.ts";
import { BlobsOnDisk, listBlobs } from "../store/blob-store.ts";
import { type FilesDoneRecords, loadFilesDone, noFilesDone } from "../store/files-done.ts";
import { removeStrayTemps } from "../store/stray-temps.ts";
import { type ChatFilesContext, isSettled, syncChatFiles } from "./chat-files-task.ts";
import type { AfterChatWritten } from "./chat-queue.ts";
import { chatFileSources } from "./file-refs.ts";
import type { OrgContext, OrgRun } from "./org-run.ts";
import { loadOrgProjects, type OrgProjects, projectListTask, writeProjectChats } from "./projects-sync.ts";
import type { Task, TaskQueue } from "./task-queue.ts";

export interface EverythingOptions {
  queue: TaskQueue;
  files: FilesApi;
  projects: ProjectsApi;
  context: OrgContext;
  withFiles: boolean; // --no-files turns file downloads off
  withProjects: boolean; // --no-projects turns projects and memory off
}

// Everything a backup holds beside chat text: the files chats refer to, projects, memory.
// All of it goes through the run's one task queue, after each organization's chats.
export interface Everything {
  // Loads what the backup holds for the organization; before its chats are queued.
  prepareOrg(run: OrgRun): Promise<void>;
  // Called as a chat's JSON comes in: what to do once the chat is saved (fetch the files it names),
  // or undefined. Only what its files need is kept from the JSON, not the JSON itself (chat-queue.ts).
  chatFetched(orgUuid: string, json: Record<string, unknown>): AfterChatWritten | undefined;
  // Queues the files of chats held whose files are not settled (a folder made before files were
  // backed up gains them without its chats being fetched again), the memory, and the projects.
  enqueueOrg(run: OrgRun): void;
  // Writes what the run learned (records of settled chats, each project's chat list).
  finalize(runs: readonly OrgRun[]): Promise<unknown>;
}

interface OrgExtras {
  done: FilesDoneRecords;
  projects: OrgProjects | undefined;
}

export function createEverything(options: EverythingOptions): Everything {
  const { queue, context } = options;
  const { root, events, summary } = context;
  const orgs = new Map<string, OrgExtras>();
  let blobs: BlobsOnDisk | undefined;
  // Folders made (or found) by this run: a blob folder or the manifests folder is made once per run.
  const madeDirs = new Set<string>();

  const filesContext = (run: OrgRun, extras: OrgExtras): ChatFilesContext => ({
    root,
    queue,
    files: options.files,
    events,
    summary,
    blobs: blobs ?? new BlobsOnDisk(),
    madeDirs,
    now: context.now,
    nameLimit: context.nameLimit,
    retryGone: run.fullScan,
    done: extras.done,
  });

  const chatFilesTask = (
    run: OrgRun,
    extras: OrgExtras,
    uuid: string,
    name: string,
    version: string,
  ): Task => ({
    run: () => syncChatFiles(filesContext(run, extras), run, { uuid, name, version }),
    gone() {},
    failed(error) {
      summary.failed++;
      events.fileFailed(run.org, `the files of chat ${uuid}`, error);
    },
  });

  const memoryTask = (run: OrgRun): Task => ({
    async run() {
      const answer = await queue.request(() => options.projects.orgMemory(run.org.uuid));
      if (!answer) return; // no memory: a 404 is "none"
      const path = memoryFileOf(run.dir);
      const held = await readFile(path).catch(() => undefined);
      if (!held?.equals(answer.body)) await writeFileAtomic(path, answer.body);
    },
    gone() {},
    failed(error) {
      summary.failed++;
      events.fileFailed(run.org, "the memory", error);
    },
  });

  return {
    async prepareOrg(run) {
      if (!blobs) {
        await removeStrayTemps(blobsDir(root)); // cut downloads of a killed run
        await removeStrayTemps(join(stateDir(root), "files"));
        blobs = await listBlobs(root);
      }
      await removeStrayTemps(manifestsDirOf(run.dir));
      const extras: OrgExtras = {
        done: options.withFiles ? await loadFilesDone(root, run.org.uuid) : noFilesDone(root, run.org.uuid),
        projects: options.withProjects ? await loadOrgProjects(run) : undefined,
      };
      orgs.set(run.org.uuid, extras);
    },
    chatFetched(orgUuid, json) {
      if (!options.withFiles || !orgs.has(orgUuid)) return undefined;
      const sources = chatFileSources(json, orgUuid);
      return async (run, entry) => {
        const extras = orgs.get(run.org.uuid);
        if (!extras) return;
        await syncChatFiles(filesContext(run, extras), run, {
          uuid: canonicalUuid(entry.uuid),
          name: nameOf(entry),
          version: entry.updated_at,
          sources,
        });
      };
    },
    enqueueOrg(run) {
      const extras = orgs.get(run.org.uuid);
      if (!extras) return;
      const tasks: Task[] = [];
      if (options.withFiles) {
        const check = filesContext(run, extras);
        for (const [uuid, chat] of run.held) {
          // A chat fetched in this run has its files looked at as it is saved (chatSaved).
          if (chat.files.length === 0 || run.toFetch.has(uuid) || run.early.has(uuid)) continue;
          const name = chat.row ? chat.row.name : (chat.facts?.name ?? "");
          const version = chat.row?.updatedAt ?? chat.facts?.updatedAt ?? "";
          const record = extras.done.get(uuid);
          if (isSettled(check, record, version) && record?.d === chatSlug(name, uuid, context.nameLimit))
            continue;
          tasks.push(chatFilesTask(run, extras, uuid, name, version));
        }
        events.filesPlanned(run.org, tasks.length);
      }
      if (extras.projects) {
        // Memory goes with projects: --no-files --no-projects makes exactly the requests of a
        // chats-only backup.
        tasks.push(memoryTask(run));
        const projectsContext = {
          ...filesContext(run, extras),
          projects: options.projects,
          fullScan: run.fullScan,
          withFiles: options.withFiles,
        };
        tasks.push(projectListTask(projectsContext, extras.projects, (more) => queue.enqueue(more)));
      }
      queue.enqueue(tasks);
    },
    async finalize(runs) {
      let first: unknown;
      for (const run of runs) {
        const extras = orgs.get(run.org.uuid);
        if (!extras) continue;
        try {
          if (options.withFiles) await extras.done.save();
          if (extras.projects) await writeProjectChats(extras.projects);
        } catch (error) {
          first ??= error;
        }
      }
      return first;
    },
  };
}
