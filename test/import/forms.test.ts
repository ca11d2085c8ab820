import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { tempDir } from "../helpers/run-cli.ts";
import {
  ACCOUNT_UUID,
  chatsIn,
  cli,
  exportChat,
  exportProject,
  MEMORIES,
  onlyOrgDir,
  USERS,
  writeZip,
} from "./helpers.ts";

// Every form the official export has had, imported into an empty backup folder.

async function withDirs(body: (dir: string, backup: string) => Promise<void>): Promise<void> {
  const temp = await tempDir("claude-backup-import-");
  try {
    await body(temp.path, join(temp.path, "backup"));
  } finally {
    await temp.cleanup();
  }
}

// The chats of the backup's only organization, checked to be marked imports of `expected`.
async function assertImported(backup: string, expected: ReturnType<typeof exportChat>[], source: RegExp) {
  const chats = await chatsIn(await onlyOrgDir(backup));
  assert.deepEqual([...chats.keys()].sort(), expected.map((c) => c.uuid).sort());
  for (const chat of expected) {
    const saved = chats.get(chat.uuid);
    assert.ok(saved);
    const { _claude_backup: marker, ...rest } = saved.json;
    assert.deepEqual(rest, chat, "the export's object is kept whole, unknown fields and blocks included");
    assert.equal((marker as { imported_from: string }).imported_from, "official-export");
    assert.match((marker as { source: string }).source, source);
  }
  const list = JSON.parse(await readFile(join(await onlyOrgDir(backup), "chat_conversations.json"), "utf8"));
  assert.deepEqual(list.map((r: { uuid: string }) => r.uuid).sort(), expected.map((c) => c.uuid).sort());
}

describe("import: every form of the official export", () => {
  test("a data-…-batch-0000.zip with conversations, projects, users and memories", async () => {
    await withDirs(async (dir, backup) => {
      const chats = [exportChat(), exportChat()];
      const project = exportProject();
      const zip = join(dir, "data-2025-10-06-00-55-16-batch-0000.zip");
      await writeZip(zip, {
        "conversations.json": JSON.stringify(chats),
        "projects.json": JSON.stringify([project]),
        "users.json": JSON.stringify(USERS),
        "memories.json": JSON.stringify(MEMORIES),
      });
      const run = await cli(["import", "--dir", backup, zip]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim().split("\n").length, 2);
      assert.match(run.stderr, /import: 2 new, 0 updated, 0 kept \(API copy\), 0 unchanged, 0 failed/);
      await assertImported(backup, chats, /batch-0000\.zip/);
      const orgDir = await onlyOrgDir(backup);
      assert.ok(
        orgDir.endsWith(`Test_User-${ACCOUNT_UUID}`),
        "an empty backup gets a folder named after the account",
      );
      const [projectDir] = await readdir(join(orgDir, "projects"));
      assert.equal(projectDir, `Bread_project-${project.uuid}`);
      const saved = JSON.parse(await readFile(join(orgDir, "projects", projectDir, "project.json"), "utf8"));
      assert.equal(saved.prompt_template, project.prompt_template);
      assert.equal(saved._claude_backup.imported_from, "official-export");
      const docs = await readdir(join(orgDir, "projects", projectDir, "docs"));
      assert.deepEqual(docs, [`recipe-${project.docs[0]?.uuid}.md`]);
      const docsJson = JSON.parse(await readFile(join(orgDir, "projects", projectDir, "docs.json"), "utf8"));
      assert.equal(docsJson[0].file_name, "recipe.md");
      const memory = JSON.parse(await readFile(join(orgDir, "memory.json"), "utf8"));
      assert.equal(memory.conversations_memory, "Likes bread.");
      const users = JSON.parse(
        await readFile(join(backup, ".claude-backup", "imports", "users.json"), "utf8"),
      );
      assert.deepEqual(users, USERS);
    });
  });

  test("several batches: each one's chats, and a chat in two batches kept in its newer version", async () => {
    await withDirs(async (dir, backup) => {
      const shared = exportChat({ updatedAt: "2025-01-01T00:00:00Z" });
      const newer = { ...shared, name: "Newer title", updated_at: "2025-06-01T00:00:00Z" };
      const a = [exportChat(), shared];
      const b = [exportChat(), newer];
      const zips = [0, 1].map((i) => join(dir, `data-2025-10-06-00-55-16-batch-000${i}.zip`));
      await writeZip(zips[0] as string, { "conversations.json": JSON.stringify(a) });
      await writeZip(zips[1] as string, {
        "conversations.json": JSON.stringify(b),
        "users.json": JSON.stringify(USERS),
      });
      const run = await cli(["import", "--dir", backup, ...zips]);
      assert.equal(run.code, 0, run.stderr);
      await assertImported(
        backup,
        [a[0], b[0], newer] as ReturnType<typeof exportChat>[],
        /batch-0000\.zip, .*batch-0001\.zip/,
      );
      assert.match(run.stderr, /3 new, 1 updated/);
    });
  });

  test("a bare conversations.json", async () => {
    await withDirs(async (dir, backup) => {
      const chats = [exportChat(), exportChat(), exportChat()];
      const file = join(dir, "conversations.json");
      await writeFile(file, JSON.stringify(chats, null, 2));
      const run = await cli(["import", "--dir", backup, file]);
      assert.equal(run.code, 0, run.stderr);
      await assertImported(backup, chats, /^conversations\.json$/);
    });
  });

  test("an unpacked export folder (files one folder down, as unzip makes them)", async () => {
    await withDirs(async (dir, backup) => {
      const chats = [exportChat()];
      const unpacked = join(dir, "download", "data-2025-10-06-00-55-16-batch-0000");
      await mkdir(join(unpacked, "projects"), { recursive: true });
      await writeFile(join(unpacked, "conversations.json"), JSON.stringify(chats));
      const project = exportProject();
      await writeFile(join(unpacked, "projects", `${project.uuid}.json`), JSON.stringify(project));
      await writeFile(join(unpacked, "README.txt"), "not an export file");
      const run = await cli(["import", "--dir", backup, join(dir, "download")]);
      assert.equal(run.code, 0, run.stderr);
      await assertImported(backup, chats, /conversations\.json/);
      const projects = await readdir(join(await onlyOrgDir(backup), "projects"));
      assert.deepEqual(projects, [`Bread_project-${project.uuid}`]);
    });
  });

  test("the manifest form: manifest-….json listing conversations-000.zip, projects-000.zip, users.json, memories.json", async () => {
    await withDirs(async (dir, backup) => {
      const chats = [exportChat(), exportChat()];
      const projects = [exportProject({ name: "One" }), exportProject({ name: "Two" })];
      await writeZip(join(dir, "conversations-000.zip"), { "conversations.json": JSON.stringify(chats) });
      await writeZip(
        join(dir, "projects-000.zip"),
        Object.fromEntries(projects.map((p) => [`projects/${p.uuid}.json`, JSON.stringify(p)])),
      );
      await writeFile(join(dir, "users.json"), JSON.stringify(USERS));
      // The newer form's memories.json is the object alone.
      await writeFile(join(dir, "memories.json"), JSON.stringify(MEMORIES[0]));
      const orgUuid = "9d86139e-bac4-4e5e-8a11-bb281ebf0001";
      const manifest = join(dir, `manifest-${orgUuid}-2026-09-10-21-25-17.json`);
      const base = "https://downloads.example/exports";
      await writeFile(
        manifest,
        JSON.stringify({
          files: ["conversations-000.zip", "projects-000.zip", "users.json", "memories.json"].map((name) => ({
            url: `${base}/${name}?signature=abc`,
            size: 1,
          })),
        }),
      );
      const run = await cli(["import", "--dir", backup, manifest]);
      assert.equal(run.code, 0, run.stderr);
      await assertImported(backup, chats, /conversations-000\.zip/);
      const orgDir = await onlyOrgDir(backup);
      assert.ok(orgDir.endsWith(orgUuid), "the uuid in the manifest's name names the organization folder");
      assert.equal((await readdir(join(orgDir, "projects"))).length, 2);
      const memory = JSON.parse(await readFile(join(orgDir, "memory.json"), "utf8"));
      assert.equal(memory.conversations_memory, "Likes bread.");
      // The same downloads given as their folder work too.
      const again = await cli(["import", "--dir", backup, dir]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /0 new, 0 updated, 0 kept \(API copy\), 2 unchanged/);
    });
  });

  test("projects/<uuid>.json files given alone", async () => {
    await withDirs(async (dir, backup) => {
      const project = exportProject({ name: "Solo" });
      await mkdir(join(dir, "projects"));
      const file = join(dir, "projects", `${project.uuid}.json`);
      await writeFile(file, JSON.stringify(project));
      const orgUuid = "11111111-2222-4333-8444-555555555555";
      const run = await cli(["import", "--dir", backup, "--org", orgUuid, file]);
      assert.equal(run.code, 0, run.stderr);
      const projects = await readdir(join(backup, "organizations", orgUuid, "projects"));
      assert.deepEqual(projects, [`Solo-${project.uuid}`]);
    });
  });

  test("--dry-run says what would be imported and writes nothing; --json prints the summary", async () => {
    await withDirs(async (dir, backup) => {
      const file = join(dir, "conversations.json");
      await writeFile(file, JSON.stringify([exportChat(), exportChat()]));
      const dry = await cli(["import", "--dir", backup, "--dry-run", file]);
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal(dry.stdout.trim().split("\n").length, 2);
      assert.match(dry.stderr, /dry run, nothing written: import: 2 new/);
      await assert.rejects(readdir(backup), "the backup folder is not even created");
      const json = await cli(["import", "--dir", backup, "--json", file]);
      assert.equal(json.code, 0, json.stderr);
      const summary = JSON.parse(json.stdout);
      assert.equal(summary.new, 2);
      assert.equal(summary.dryRun, false);
    });
  });

  test("import --help prints its usage on stdout and exits 0", async () => {
    const run = await cli(["import", "--help"]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^usage: claude-backup import \[options\] PATH\.\.\./);
    assert.match(run.stdout, /--org UUID/);
  });
});
