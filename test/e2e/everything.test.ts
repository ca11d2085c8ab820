import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { readManifest } from "../../src/archive/file-manifest.ts";
import { blobPath, chatsDirOf, projectsDirOf } from "../../src/core/layout.ts";
import { chatSlug } from "../../src/core/names.ts";
import { type ForeignHost, startForeignHost } from "../fake-claude/foreign.ts";
import { assertFilesHeld, assertProjectsHeld, blobsOnDisk } from "../helpers/everything-check.ts";
import { FAST, orgFolder } from "../helpers/match-server.ts";
import { startCli } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { withScenario } from "../helpers/scenario.ts";

// Kinds of request that fetch files, projects or memory.
const FILE_KINDS = ["file", "wiggle_list", "wiggle_download"] as const;
const PROJECT_KINDS = [
  "project",
  "project_docs",
  "project_files",
  "project_syncs",
  "project_memory",
] as const;

async function withForeign(body: (foreign: ForeignHost) => Promise<void>): Promise<void> {
  const foreign = await startForeignHost();
  try {
    await body(foreign);
  } finally {
    await foreign.close();
  }
}

describe("everything: files, projects and memory", () => {
  test("a first sync saves every file once and every project; a second downloads nothing", async () => {
    await withForeign(async (foreignHost) => {
      const options = {
        chatsPerOrg: 30,
        files: true,
        projects: 6,
        seed: 91,
        htmlPreviewShare: 0.3,
        foreignHost,
      };
      await withScenario(options, async ({ fake, backup, env, org }) => {
        const first = await runInProcess([backup, ...FAST, "--json"], { env });
        assert.equal(first.code, 0, first.stderr);
        const hashes = await assertFilesHeld(fake, backup);
        assert.ok(hashes.size > 20, `only ${hashes.size} files`);
        await assertProjectsHeld(fake, backup);
        const summary = JSON.parse(first.stdout);
        const projects = fake.chatOrgs().reduce((n, o) => n + fake.listProjects(o.uuid).length, 0);
        assert.equal(summary.projects, projects);
        assert.ok(summary.files >= hashes.size && summary.bytes > 0, first.stdout);
        // Each content once, however many chats and variants show it (and no temp file left).
        const blobs = await blobsOnDisk(backup);
        assert.equal(new Set(blobs).size, blobs.length);
        assert.ok(blobs.length >= hashes.size);
        assert.ok((await readdir(join(backup, "files", "sha256"))).every((n) => !n.endsWith(".tmp")));
        // The org's memory, raw.
        const memory = JSON.parse(await readFile(join(orgFolder(backup, org), "memory.json"), "utf8"));
        assert.equal(typeof memory.memory, "string");
        // Signed URLs on the other host were used, and never with the session cookie.
        assert.ok(foreignHost.requests.length > 0, "no signed URL was fetched");
        for (const request of foreignHost.requests) {
          assert.equal(request.headers.cookie, undefined);
          assert.ok(!JSON.stringify(request.headers).includes(fake.sessionKey));
        }

        fake.resetRequests();
        const second = await runInProcess([backup, ...FAST, "--json"], { env });
        assert.equal(second.code, 0, second.stderr);
        for (const kind of [...FILE_KINDS, ...PROJECT_KINDS, "chat"] as const) {
          assert.equal(fake.count(kind), 0, `${kind} requested again`);
        }
        assert.equal(JSON.parse(second.stdout).files, 0);
      });
    });
  });

  test("an old chats-only folder gains its files and projects without fetching its chats again", async () => {
    await withScenario(
      { chatsPerOrg: 20, files: true, projects: 3, seed: 92 },
      async ({ fake, backup, env }) => {
        const old = await runInProcess([backup, ...FAST, "--no-files", "--no-projects"], { env });
        assert.equal(old.code, 0, old.stderr);
        assert.equal(fake.count("file") + fake.count("wiggle_list") + fake.count("project_list"), 0);
        assert.deepEqual(await blobsOnDisk(backup), []);
        fake.resetRequests();
        const upgraded = await runInProcess([backup, ...FAST], { env });
        assert.equal(upgraded.code, 0, upgraded.stderr);
        assert.equal(fake.count("chat"), 0, "chats were fetched again");
        await assertFilesHeld(fake, backup);
        await assertProjectsHeld(fake, backup);
      },
    );
  });

  test("renamed, archived and deleted projects; a renamed chat's link folder follows it", async () => {
    await withScenario(
      { chatsPerOrg: 16, files: true, projects: 5, seed: 93 },
      async ({ fake, backup, env, org }) => {
        assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
        const [renamed, archived, deleted] = fake.listProjects(org.uuid);
        assert.ok(renamed && archived && deleted);
        const deletedDir = join(projectsDirOf(orgFolder(backup, org)), chatSlug(deleted.name, deleted.uuid));
        const oldName = renamed.name;
        fake.renameProject(org.uuid, renamed.uuid, "Renamed ✨ project");
        fake.archiveProject(org.uuid, archived.uuid);
        fake.deleteProject(org.uuid, deleted.uuid);
        const withFiles = (fake.listEntries(org.uuid) as { uuid: string; name: string }[]).find((e) =>
          fake.expectedFiles(org.uuid, e.uuid).some((f) => f.status === "ok"),
        );
        assert.ok(withFiles);
        fake.renameChat(org.uuid, withFiles.uuid, "Now with a new name");
        fake.resetRequests();
        const result = await runInProcess([backup, ...FAST], { env });
        assert.equal(result.code, 0, result.stderr);
        await assertProjectsHeld(fake, backup);
        assert.equal(fake.count("file") + fake.count("wiggle_download"), 0, "files were downloaded again");
        const projectDirs = await readdir(projectsDirOf(orgFolder(backup, org)));
        assert.ok(projectDirs.includes(chatSlug("Renamed ✨ project", renamed.uuid)));
        assert.ok(!projectDirs.includes(chatSlug(oldName, renamed.uuid)), "the old folder is gone");
        // A project deleted on claude.ai is kept, with its row.
        assert.ok((await readdir(deletedDir)).includes("project.json"));
        const rows = JSON.parse(await readFile(join(orgFolder(backup, org), "projects.json"), "utf8"));
        assert.ok(rows.some((row: { uuid: string }) => row.uuid === deleted.uuid));
        await assertFilesHeld(fake, backup);
        const linkDirs = await readdir(join(orgFolder(backup, org), "chat_files"));
        assert.equal(linkDirs.filter((d) => d.endsWith(withFiles.uuid)).length, 1);
      },
    );
  });

  test("a file that is gone (404) is recorded and not asked for again; a deleted blob is fetched again", async () => {
    await withScenario({ chatsPerOrg: 16, files: true, seed: 94 }, async ({ fake, backup, env, org }) => {
      assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
      const entries = fake.listEntries(org.uuid) as { uuid: string }[];
      const gone = entries
        .flatMap((e) => fake.expectedFiles(org.uuid, e.uuid))
        .filter((f) => f.status === "missing");
      assert.ok(gone.length > 0, "the fake has no 404 files with this seed");
      const chat = entries.find((e) => fake.expectedFiles(org.uuid, e.uuid).some((f) => f.status === "ok"));
      assert.ok(chat);
      const [held] = (await readManifest(orgFolder(backup, org), chat.uuid)).filter((m) => m.status === "ok");
      assert.ok(held?.sha256);
      await rm(blobPath(backup, held.sha256));
      fake.resetRequests();
      const again = await runInProcess([backup, ...FAST, "--verbose"], { env });
      assert.equal(again.code, 0, again.stderr);
      const urls = fake.requests.filter((r) => r.kind === "file").map((r) => r.path);
      for (const file of gone) assert.ok(!urls.includes(file.url), `${file.url} was asked for again`);
      assert.ok(fake.count("file") + fake.count("wiggle_download") >= 1, "the missing blob was not fetched");
      await assertFilesHeld(fake, backup);
    });
  });

  test("project knowledge files that 404 mean none; chats stay in their project folder list", async () => {
    const options = { chatsPerOrg: 12, files: true, projects: 3, seed: 95, projectFilesMissing: true };
    await withScenario(options, async ({ fake, backup, env, org }) => {
      const result = await runInProcess([backup, ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      for (const project of fake.listProjects(org.uuid)) {
        const dir = join(projectsDirOf(orgFolder(backup, org)), chatSlug(project.name, project.uuid));
        const names = await readdir(dir);
        assert.ok(names.includes("project.json") && !names.includes("files.json"), names.join());
      }
      assert.ok((await readdir(chatsDirOf(orgFolder(backup, org)))).length > 0);
    });
  });
});

describe("everything: interruptions and cut downloads", () => {
  test("cut and reset downloads are retried and never leave a partial file", async () => {
    await withScenario({ chatsPerOrg: 12, files: true, seed: 96 }, async ({ fake, backup, env, org }) => {
      const [chat] = fake.listEntries(org.uuid) as { uuid: string }[];
      assert.ok(chat);
      const big = fake.addLargeFile(org.uuid, chat.uuid, 3_000_000, "document");
      fake.injectFault("file", { type: "truncate" }, 3);
      fake.injectFault("wiggle_download", { type: "reset" }, 2);
      const result = await runInProcess([backup, ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      await assertFilesHeld(fake, backup);
      const blobs = await blobsOnDisk(backup);
      assert.ok(blobs.includes(big.sha256), "the large file");
      for (const name of blobs) {
        const bytes = await readFile(blobPath(backup, name));
        assert.equal(createHash("sha256").update(bytes).digest("hex"), name, `blob ${name} is not whole`);
      }
      assert.ok((await readdir(join(backup, "files", "sha256"))).every((n) => !n.endsWith(".tmp")));
    });
  });

  test("a run killed during downloads resumes without downloading again what was complete", async () => {
    await withScenario(
      { chatsPerOrg: 24, files: true, seed: 97, latencyMs: 15 },
      async ({ fake, backup, env }) => {
        const child = startCli([backup, ...FAST, "-c", "2"], { env });
        while (fake.requests.filter((r) => r.kind === "file" && r.status === 200).length < 12) {
          if (child.child.exitCode !== null) break;
          await sleep(5);
        }
        child.child.kill("SIGKILL");
        const killed = await child.done;
        assert.equal(killed.signal, "SIGKILL", "the run ended before it could be killed");
        // What the killed run completed: every manifest entry with its blob on disk.
        const complete = new Set<string>();
        for (const org of fake.chatOrgs()) {
          for (const entry of fake.listEntries(org.uuid) as { uuid: string }[]) {
            for (const held of await readManifest(orgFolder(backup, org), entry.uuid)) {
              if (held.status === "ok" && held.source) complete.add(held.source);
            }
          }
        }
        assert.ok(complete.size > 0, "nothing was complete when killed");
        fake.resetRequests();
        const resumed = await runInProcess([backup, ...FAST], { env });
        assert.equal(resumed.code, 0, resumed.stderr);
        const again = fake.requests
          .filter((r) => r.kind === "file" || r.kind === "wiggle_download")
          .map(
            (r) =>
              `${r.path}${r.kind === "wiggle_download" ? `?path=${encodeURIComponent(r.query.path ?? "")}` : ""}`,
          );
        for (const source of complete) assert.ok(!again.includes(source), `${source} was downloaded again`);
        await assertFilesHeld(fake, backup);
        assert.ok((await readdir(join(backup, "files", "sha256"))).every((n) => !n.endsWith(".tmp")));
      },
    );
  });
});
