import { basename, join } from "node:path";
import { type Held, loadHeld } from "../archive/held.ts";
import { loadState } from "../archive/state.ts";
import { ImportError, InterruptedError } from "../core/errors.ts";
import { chatsDirOf, journalFile, listFileOf, organizationsDir } from "../core/layout.ts";
import { MAX_NAME_BYTES, orgDirName } from "../core/names.ts";
import { ensureDir } from "../disk/atomic-write.ts";
import { migrateStore } from "../store/format-version.ts";
import { clearJournal } from "../store/journal.ts";
import { foldListFile } from "../store/list-file.ts";
import { acquireLock, type Lock } from "../store/lock.ts";
import { probeNameLimit } from "../store/name-limit.ts";
import { resolveOrgDir } from "../store/org-dir.ts";
import { saveState } from "../store/state-file.ts";
import { removeStrayTemps } from "../store/stray-temps.ts";
import { type ChatTarget, importChat } from "./chat-import.ts";
import { chooseOrg } from "./choose-org.ts";
import { parseConversation } from "./conversation.ts";
import { importMemory, saveRaw } from "./extras-import.ts";
import { checkAndIdentify } from "./identity.ts";
import { jsonArrayElements } from "./json-array.ts";
import { importMarker } from "./marker.ts";
import type { ExportPart } from "./parts.ts";
import type { ExportPlan } from "./plan.ts";
import { importProject } from "./project-import.ts";
import { readSmallPart } from "./read-part.ts";
import { emptyImportSummary, type ImportEvents, type ImportSummary } from "./summary.ts";

export interface ImportOptions {
  root: string;
  plan: ExportPlan;
  org: string | undefined; // --org
  dryRun: boolean;
  now: () => Date;
  signal: AbortSignal;
  events: ImportEvents;
}

// Imports an export (already planned and checked) into the backup folder, under its lock. Chats are
// written one at a time, each atomically with its row journaled first; whatever happens, the list file
// is rewritten at the end for what was written, so an error midway leaves a consistent folder.
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const { root, plan, events, dryRun } = options;
  const identity = await checkAndIdentify(plan);
  const choice = await chooseOrg(root, options.org, identity);
  const summary = emptyImportSummary();
  let lock: Lock | undefined;
  if (!dryRun) {
    await ensureDir(root);
    lock = await acquireLock(root);
  }
  try {
    if (!dryRun) await migrateStore(root);
    const nameLimit = dryRun ? MAX_NAME_BYTES : await probeNameLimit(root);
    const org = { uuid: choice.uuid, name: choice.name, capabilities: ["chat"] };
    const warn = (message: string) => events.warn(message);
    let dir = choice.dir ?? join(organizationsDir(root), orgDirName(choice.name, choice.uuid, nameLimit));
    if (!dryRun) {
      // An existing folder is used as it is named (only a sync knows the organization's current name).
      if (choice.dir) await ensureDir(chatsDirOf(dir));
      else dir = await resolveOrgDir(root, org, { create: true, warn, nameLimit });
      await removeStrayTemps(dir);
      await removeStrayTemps(chatsDirOf(dir));
    }
    summary.organization = { uuid: choice.uuid, dir };
    const journal = journalFile(root, choice.uuid);
    const held = await loadHeld(dir, journal, { ignoreCache: false, warn });
    const target: ChatTarget = {
      chatsDir: chatsDirOf(dir),
      journal,
      held,
      nameLimit,
      dryRun,
      importedNow: new Map(),
    };
    const source = plan.sources.join(", ") || basename(root);
    const marker = importMarker(source, options.now());
    try {
      for (const part of plan.parts) {
        if (part.kind !== "conversations") continue;
        for await (const raw of jsonArrayElements(part.open(), part.label)) {
          if (options.signal.aborted) throw new InterruptedError();
          let chat: ReturnType<typeof parseConversation>;
          try {
            chat = parseConversation(raw);
          } catch {
            chat = undefined;
          }
          if (!chat) {
            summary.failed++;
            events.warn(
              `skipping an element of ${part.label} that is not a conversation (no uuid or chat_messages)`,
            );
            continue;
          }
          const outcome = await importChat(target, chat, marker);
          summary[outcome]++;
          if (outcome === "new" || outcome === "updated") events.chatImported(chat.uuid, chat.name, outcome);
        }
      }
      for (const part of plan.parts)
        await importExtra(part, { root, dir, nameLimit, dryRun, marker, summary, events });
    } finally {
      if (!dryRun) {
        await finalizeList(dir, journal, held);
        if (summary.new + summary.updated > 0) await requestFullScan(root, choice.uuid, warn);
      }
    }
    return summary;
  } catch (error) {
    // The command still shows what was imported before the error.
    if (error instanceof Error) Object.assign(error, { summary });
    throw error;
  } finally {
    await lock?.release();
  }
}

interface ExtraContext {
  root: string;
  dir: string;
  nameLimit: number;
  dryRun: boolean;
  marker: ReturnType<typeof importMarker>;
  summary: ImportSummary;
  events: ImportEvents;
}

// projects.json, projects/<uuid>.json, memories.json, users.json.
async function importExtra(part: ExportPart, context: ExtraContext): Promise<void> {
  const { summary, dryRun, marker } = context;
  const target = { orgDir: context.dir, nameLimit: context.nameLimit, dryRun };
  const project = async (raw: Buffer, value: unknown) => {
    const outcome = await importProject(target, raw, value, marker);
    if (outcome) summary.projects[outcome]++;
    else context.events.warn(`skipping an element of ${part.label} that is not a project (no uuid)`);
  };
  if (part.kind === "projects") {
    for await (const raw of jsonArrayElements(part.open(), part.label)) {
      let value: unknown;
      try {
        value = JSON.parse(raw.toString("utf8"));
      } catch (error) {
        throw new ImportError(`${part.label} is not valid JSON`, { cause: error });
      }
      await project(raw, value);
    }
  } else if (part.kind === "project") {
    const { raw, value } = await readSmallPart(part);
    await project(raw, value);
  } else if (part.kind === "memories") {
    const { raw, value } = await readSmallPart(part);
    const outcome = await importMemory(context.root, context.dir, value, raw, marker, dryRun);
    if (outcome) summary.memory = outcome;
  } else if (part.kind === "users") {
    const { raw } = await readSmallPart(part);
    if (!dryRun) await saveRaw(context.root, "users.json", raw);
    summary.users = true;
  }
}

// Writes chat_conversations.json from every chat held (the journal folded in, as a sync would), then
// forgets the journal.
async function finalizeList(dir: string, journal: string, held: Map<string, Held>): Promise<void> {
  await foldListFile(listFileOf(dir), journal, held);
  await clearJournal(journal);
}

// An incremental sync stops at the first chat it holds unchanged, so it could stop above an imported
// chat and never replace it; forgetting the last full scan makes the next sync walk the whole list.
async function requestFullScan(
  root: string,
  orgUuid: string,
  warn: (message: string) => void,
): Promise<void> {
  const state = await loadState(root, warn);
  const org = state.orgs[orgUuid];
  if (!org?.lastFullScan) return;
  delete org.lastFullScan;
  await saveState(root, state);
}
