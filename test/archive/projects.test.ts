import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import {
  listProjectFolders,
  readMemoryText,
  readProjectContent,
  rowsOf,
} from "../../src/archive/projects.ts";
import { tempDir } from "../helpers/run-cli.ts";

const UUID = "d0c5d0c5-aaaa-4bbb-8ccc-ddddeeee0001";

test("project folders, their project.json and docs.json, and memory as a sync or an import saved them", async () => {
  const { path: org, cleanup } = await tempDir();
  try {
    assert.deepEqual(await listProjectFolders(org), [], "a folder without projects/ has none");
    assert.equal(await readMemoryText(org), undefined);
    const dir = join(org, "projects", `Bread_book-${UUID.toUpperCase()}`);
    await mkdir(dir, { recursive: true });
    await mkdir(join(org, "projects", "not-a-project"));
    await writeFile(join(dir, "project.json"), JSON.stringify({ uuid: UUID, name: "Bread book" }));
    await writeFile(join(dir, "docs.json"), JSON.stringify([{ file_name: "a.md", content: "x" }, 3]));
    const [folder, ...more] = await listProjectFolders(org);
    assert.deepEqual(more, []);
    assert.equal(folder?.uuid, UUID, "uuids are lower case");
    const content = await readProjectContent(folder?.dir ?? "");
    assert.equal(content.project?.name, "Bread book");
    assert.deepEqual(content.docs, [{ file_name: "a.md", content: "x" }], "only objects are docs");
    await writeFile(join(org, "memory.json"), JSON.stringify({ memory: "likes rye" }));
    assert.equal(await readMemoryText(org), "likes rye");
    // The official export's memories.json, as import saves it.
    await writeFile(join(org, "memory.json"), JSON.stringify({ conversations_memory: "from the export" }));
    assert.equal(await readMemoryText(org), "from the export");
    await writeFile(join(org, "memory.json"), "{not json");
    assert.equal(await readMemoryText(org), undefined);
  } finally {
    await cleanup();
  }
});

test("project lists come as a bare array or wrapped in {data} or {projects}", () => {
  const row = { uuid: UUID };
  assert.deepEqual(rowsOf([row, null]), [row]);
  assert.deepEqual(rowsOf({ data: [row] }), [row]);
  assert.deepEqual(rowsOf({ projects: [row] }), [row]);
  assert.deepEqual(rowsOf("nope"), []);
});
