import assert from "node:assert/strict";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, test } from "node:test";
import { orgDirName } from "../../src/core/names.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { ALL, DOCS, SOURDOUGH, TAXES } from "../search/chats.ts";
import {
  cli,
  type FixtureChat,
  ORG_A,
  ORG_B,
  PROJECT,
  say,
  writeBackup,
  writeProject,
} from "../search/fixture.ts";

// `claude-backup export sqlite FILE`, opened afterwards with node:sqlite.

const SHA = "ab".repeat(32);
const FILE_UUID = "f0000000-0000-4000-8000-000000000001";

// A chat with an artifact made, then updated, then rewritten on a branch that was not kept.
const ARTIFACTS: FixtureChat = {
  uuid: "c5000000-0000-4000-8000-000000000005",
  org: ORG_A,
  name: "Calculator",
  updatedAt: "2026-03-01T10:10:00.000000Z",
  leaf: "a5000000-0000-4000-8000-000000000003",
  messages: [
    say(
      "a5000000-0000-4000-8000-000000000001",
      "human",
      "2026-03-01T10:00:00.000000Z",
      "Write a hydration calculator",
    ),
    {
      uuid: "a5000000-0000-4000-8000-000000000002",
      sender: "assistant",
      createdAt: "2026-03-01T10:01:00.000000Z",
      content: [
        {
          type: "tool_use",
          id: "toolu_a",
          name: "artifacts",
          input: {
            id: "calc",
            type: "application/vnd.ant.code",
            title: "Calc",
            command: "create",
            content: "v1 code",
          },
        },
      ],
    },
    {
      uuid: "a5000000-0000-4000-8000-000000000003",
      sender: "assistant",
      parent: "a5000000-0000-4000-8000-000000000002",
      createdAt: "2026-03-01T10:02:00.000000Z",
      content: [
        {
          type: "tool_use",
          id: "toolu_b",
          name: "artifacts",
          input: { id: "calc", command: "update", old_str: "v1", new_str: "v2" },
        },
      ],
    },
    {
      uuid: "a5000000-0000-4000-8000-000000000004",
      sender: "assistant",
      parent: "a5000000-0000-4000-8000-000000000002",
      createdAt: "2026-03-01T10:03:00.000000Z",
      content: [
        {
          type: "tool_use",
          id: "toolu_c",
          name: "artifacts",
          input: { id: "calc", command: "rewrite", content: "v3 code" },
        },
      ],
    },
  ],
};

describe("export sqlite", () => {
  let root = "";
  let out = "";
  let cleanup = async () => {};
  let db: DatabaseSync;
  before(async () => {
    ({ path: root, cleanup } = await tempDir());
    await writeBackup(root, [...ALL, ARTIFACTS]);
    await writeProject(root, ORG_A, DOCS);
    const manifests = join(root, "organizations", orgDirName(ORG_B.name, ORG_B.uuid), "file_manifests");
    await mkdir(manifests, { recursive: true });
    const entry = {
      key: `file:${FILE_UUID}:preview`,
      fileUuid: FILE_UUID,
      variant: "preview",
      fileName: "receipt-photo.jpg",
      status: "ok",
      sha256: SHA,
      size: 123,
      contentType: "image/jpeg",
    };
    const sandbox = {
      key: "sandbox:/mnt/user-data/outputs/r.csv",
      sandboxPath: "/mnt/user-data/outputs/r.csv",
      variant: "sandbox",
      fileName: "r.csv",
      status: "gone",
    };
    await writeFile(join(manifests, `${TAXES.uuid}.json`), JSON.stringify([entry, sandbox]));
    out = join(root, "..", `${root.split("/").at(-1)}-export.db`);
    const run = await cli(["export", "sqlite", out, "--dir", root]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /exported 5 chats \(12 messages\), 1 projects to/);
    db = new DatabaseSync(out, { readOnly: true });
  });
  after(async () => {
    db?.close();
    await cleanup();
    await import("node:fs/promises").then((fs) => fs.rm(out, { force: true }));
  });

  test("conversations and messages carry claude-to-sqlite's column names", () => {
    const row = db
      .prepare(
        "SELECT uuid, name, created_at, updated_at, model, is_starred, project_uuid, organization_uuid FROM conversations WHERE uuid = ?",
      )
      .get(SOURDOUGH.uuid);
    assert.deepEqual(
      { ...row },
      {
        uuid: SOURDOUGH.uuid,
        name: "Sourdough starter",
        created_at: "2026-02-10T09:00:00.000000Z",
        updated_at: "2026-02-10T09:05:00.000000Z",
        model: "claude-opus-4-1-20250805",
        is_starred: 1,
        project_uuid: PROJECT.uuid,
        organization_uuid: ORG_A.uuid,
      },
    );
    const texts = db
      .prepare(
        "SELECT uuid, text, sender, created_at, conversation_id FROM messages WHERE conversation_id = ? ORDER BY created_at",
      )
      .all(SOURDOUGH.uuid);
    assert.equal(texts.length, 3);
    assert.equal(texts[1]?.text, "Voilà: a crème brûlée needs a water bath, and a starter needs flour.");
    assert.equal(texts[0]?.sender, "human");
  });

  test("branches survive: parents, the active leaf, and other branches with is_active = 0", () => {
    const rows = db
      .prepare(
        "SELECT uuid, parent_message_uuid, is_active FROM messages WHERE conversation_id = ? ORDER BY created_at",
      )
      .all(SOURDOUGH.uuid);
    assert.deepEqual(
      rows.map((r) => [r.uuid, r.parent_message_uuid, r.is_active]),
      [
        ["a1000000-0000-4000-8000-000000000001", null, 1],
        ["a1000000-0000-4000-8000-000000000002", "a1000000-0000-4000-8000-000000000001", 1],
        ["a1000000-0000-4000-8000-000000000003", "a1000000-0000-4000-8000-000000000001", 0],
      ],
    );
    const leaf = db
      .prepare("SELECT current_leaf_message_uuid AS leaf FROM conversations WHERE uuid = ?")
      .get(SOURDOUGH.uuid);
    assert.equal(leaf?.leaf, "a1000000-0000-4000-8000-000000000002");
  });

  test("content blocks, attachments and files (with their stored path) are rows", () => {
    const blocks = db
      .prepare("SELECT type, text, tool_name FROM content_blocks WHERE message_uuid = ? ORDER BY position")
      .all("a2000000-0000-4000-8000-000000000002");
    assert.deepEqual(
      blocks.map((b) => [b.type, b.tool_name]),
      [
        ["tool_use", "web_search"],
        ["tool_result", null],
        ["text", null],
      ],
    );
    assert.match(String(blocks[1]?.text), /Marmalade/);
    const attachment = db.prepare("SELECT file_name, extracted_content FROM attachments").get();
    assert.deepEqual(
      { ...attachment },
      { file_name: "w2.txt", extracted_content: "Employer: Zebracorp, wages 50000" },
    );
    const files = db
      .prepare(
        "SELECT message_uuid, file_uuid, file_name, variant, status, sha256, stored_path, sandbox_path FROM files ORDER BY id",
      )
      .all();
    assert.deepEqual(
      files.map((f) => ({ ...f })),
      [
        {
          message_uuid: "a2000000-0000-4000-8000-000000000001",
          file_uuid: FILE_UUID,
          file_name: "receipt-photo.jpg",
          variant: "preview",
          status: "ok",
          sha256: SHA,
          stored_path: join("files", "sha256", "ab", SHA),
          sandbox_path: null,
        },
        {
          message_uuid: null,
          file_uuid: null,
          file_name: "r.csv",
          variant: "sandbox",
          status: "gone",
          sha256: null,
          stored_path: null,
          sandbox_path: "/mnt/user-data/outputs/r.csv",
        },
      ],
    );
  });

  test("every artifact version is a row, numbered in the order they were made", () => {
    const rows = db
      .prepare(
        "SELECT id, artifact, identifier, version, command, content, old_str, new_str, is_active, message_id FROM artifacts ORDER BY version",
      )
      .all();
    assert.deepEqual(
      rows.map((r) => [r.id, r.version, r.command, r.content, r.old_str, r.new_str, r.is_active]),
      [
        [`${ARTIFACTS.uuid}-calc-1`, 1, "create", "v1 code", null, null, 1],
        [`${ARTIFACTS.uuid}-calc-2`, 2, "update", null, "v1", "v2", 1],
        [`${ARTIFACTS.uuid}-calc-3`, 3, "rewrite", "v3 code", null, null, 0],
      ],
    );
    assert.equal(rows[0]?.artifact, `${ARTIFACTS.uuid}-calc`);
  });

  test("organizations, projects and docs", () => {
    assert.deepEqual(
      db
        .prepare("SELECT uuid, name FROM organizations ORDER BY name")
        .all()
        .map((r) => r.name),
      ["Acme Research", "Personal"],
    );
    const project = db.prepare("SELECT uuid, name, prompt_template, organization_uuid FROM projects").get();
    assert.deepEqual(
      { ...project },
      {
        uuid: PROJECT.uuid,
        name: "Baking Lab",
        prompt_template: "Answer like a baker",
        organization_uuid: ORG_A.uuid,
      },
    );
    const doc = db.prepare("SELECT file_name, project_uuid FROM project_docs").get();
    assert.deepEqual({ ...doc }, { file_name: "hydration.md", project_uuid: PROJECT.uuid });
  });

  test("full-text tables are the kind Datasette detects, and answer queries", () => {
    for (const table of [
      "conversations",
      "messages",
      "content_blocks",
      "attachments",
      "artifacts",
      "project_docs",
    ]) {
      // Datasette's detect_fts looks for a virtual table whose SQL says content=[<table>] or content="<table>".
      const row = db
        .prepare("SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE ?")
        .get(`%VIRTUAL TABLE%USING FTS%content=[${table}]%`);
      assert.equal(row?.name, `${table}_fts`);
    }
    const hits = db
      .prepare(
        "SELECT m.uuid FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ? ORDER BY m.uuid",
      )
      .all("creme");
    assert.deepEqual(
      hits.map((h) => h.uuid),
      ["a1000000-0000-4000-8000-000000000002"],
    );
    assert.equal(
      db.prepare("SELECT count(*) AS n FROM content_blocks_fts WHERE content_blocks_fts MATCH 'quokka'").get()
        ?.n,
      1,
    );
    assert.equal(
      db
        .prepare("SELECT count(*) AS n FROM conversations_fts WHERE conversations_fts MATCH 'sourdough'")
        .get()?.n,
      1,
    );
    assert.equal(
      db.prepare("SELECT count(*) AS n FROM artifacts_fts WHERE artifacts_fts MATCH 'code'").get()?.n,
      2,
    );
    assert.equal(
      db.prepare("SELECT count(*) AS n FROM project_docs_fts WHERE project_docs_fts MATCH 'crumb'").get()?.n,
      1,
    );
    assert.equal(
      db.prepare("SELECT count(*) AS n FROM attachments_fts WHERE attachments_fts MATCH 'zebracorp'").get()
        ?.n,
      1,
    );
  });

  test("the file is private and a second export replaces it whole", async () => {
    assert.equal((await stat(out)).mode & 0o777, 0o600);
    const again = await cli(["export", "sqlite", out, "--dir", root]);
    assert.equal(again.code, 0, again.stderr);
    const fresh = new DatabaseSync(out, { readOnly: true });
    try {
      assert.equal(fresh.prepare("SELECT count(*) AS n FROM conversations").get()?.n, 5);
    } finally {
      fresh.close();
    }
  });

  test("an existing file that is not SQLite is refused and left alone; bad command lines get usage errors", async () => {
    const notes = join(root, "notes.txt");
    await writeFile(notes, "my notes\n");
    const refused = await cli(["export", "sqlite", notes, "--dir", root]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /exists and is not an SQLite file; it is left alone/);
    assert.equal(await readFile(notes, "utf8"), "my notes\n");
    for (const [args, message] of [
      [["export"], /say what to export/],
      [["export", "csv", "x"], /unknown format 'csv'/],
      [["export", "sqlite"], /exactly one FILE/],
      [["export", "sqlite", join(root, "x.db"), "--dir", join(root, "nowhere")], /no backup in/],
    ] as const) {
      const run = await cli([...args]);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, message);
    }
    const noFolder = await cli(["export", "sqlite", join(root, "missing", "x.db"), "--dir", root]);
    assert.equal(noFolder.code, 9);
    assert.match((await cli(["export", "--help"])).stdout, /exit codes/);
  });
});
