import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { readManifest } from "../../src/archive/file-manifest.ts";
import { blobPath, chatFilesDirOf, projectsDirOf } from "../../src/core/layout.ts";
import { chatSlug } from "../../src/core/names.ts";
import type { FakeClaude } from "../fake-claude/server.ts";
import { orgFolder } from "./match-server.ts";

// The manifest key the sync uses for one of the fake's expected files.
export function manifestKey(expected: {
  source: string;
  fileUuid?: string;
  variant?: string;
  path?: string;
}): string {
  if (expected.source === "sandbox") return `sandbox:${expected.path}`;
  return `file:${expected.fileUuid}:${expected.variant === "document_pdf" ? "document" : expected.variant}`;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

// Asserts that every file the fake's chats offer (preview, thumbnail, document, sandbox files) is
// held as the fake serves it: the blob under its hash, the manifest entry, and a hard link under the
// chat's folder; 404 files are recorded gone; an HTML preview is never stored as the image.
// Returns the number of distinct blobs expected.
export async function assertFilesHeld(fake: FakeClaude, root: string): Promise<Set<string>> {
  const hashes = new Set<string>();
  for (const org of fake.chatOrgs()) {
    const orgDir = orgFolder(root, org);
    for (const entry of fake.listEntries(org.uuid) as { uuid: string; name: string }[]) {
      const manifest = new Map((await readManifest(orgDir, entry.uuid)).map((e) => [e.key, e]));
      for (const file of fake.expectedFiles(org.uuid, entry.uuid)) {
        if (file.variant === "contents") continue; // tried only when a preview is not an image
        const key = manifestKey(file);
        const held = manifest.get(key);
        assert.ok(held, `chat ${entry.uuid}: no manifest entry ${key}`);
        if (file.status === "missing") {
          assert.equal(held.status, "gone", key);
          continue;
        }
        if (file.status === "html_viewer") {
          // Never the HTML page: the image from its signed URL, the original bytes (/contents), or
          // recorded gone.
          if (held.status === "ok") {
            const bytes = await readFile(blobPath(root, held.sha256 ?? ""));
            assert.ok(!bytes.toString("latin1").trimStart().startsWith("<"), `${key} holds an HTML page`);
            const contents = fake
              .expectedFiles(org.uuid, entry.uuid)
              .find((f) => f.fileUuid === file.fileUuid && f.variant === "contents");
            const signed = file.signedUrl ? fake.fileBytes(file.signedUrl) : undefined;
            const allowed = [contents?.sha256, signed ? sha256(signed) : undefined];
            assert.ok(allowed.includes(held.sha256), `${key}: neither the image nor its original bytes`);
          }
          continue;
        }
        assert.equal(held.status, "ok", `${key}: ${held.note ?? ""}`);
        assert.equal(held.sha256, file.sha256, `${key}: wrong bytes`);
        assert.equal(held.size, file.size);
        const blob = blobPath(root, file.sha256);
        assert.equal(sha256(await readFile(blob)), file.sha256);
        hashes.add(file.sha256);
        assert.ok(held.link, key);
        const link = join(chatFilesDirOf(orgDir), chatSlug(entry.name, entry.uuid), held.link);
        const [a, b] = await Promise.all([stat(link), stat(blob)]);
        assert.equal(a.ino, b.ino, `${link} is not a hard link to its blob`);
      }
    }
  }
  return hashes;
}

// Every blob file on disk.
export async function blobsOnDisk(root: string): Promise<string[]> {
  const entries = await readdir(join(root, "files", "sha256"), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries.filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).map((e) => e.name);
}

// Asserts that every project of the fake (archived, shared, harmony ones included) is held with its
// raw project JSON, docs (raw and readable), knowledge files and the list of its chats.
export async function assertProjectsHeld(fake: FakeClaude, root: string): Promise<void> {
  for (const org of fake.chatOrgs()) {
    const orgDir = orgFolder(root, org);
    const rows = JSON.parse(await readFile(join(orgDir, "projects.json"), "utf8")) as { uuid: string }[];
    for (const project of fake.listProjects(org.uuid)) {
      assert.ok(
        rows.some((row) => row.uuid === project.uuid),
        `projects.json lacks ${project.uuid}`,
      );
      const dir = join(projectsDirOf(orgDir), chatSlug(project.name, project.uuid));
      const json = JSON.parse(await readFile(join(dir, "project.json"), "utf8"));
      assert.equal(json.prompt_template, project.prompt_template);
      assert.equal(json.archived_at, project.archived_at);
      const docs = JSON.parse(await readFile(join(dir, "docs.json"), "utf8")) as { content: string }[];
      assert.deepEqual(
        docs.map((d) => d.content),
        project.docs.map((d) => d.content),
      );
      const readable = await readdir(join(dir, "docs"));
      assert.equal(readable.length, project.docs.length);
      for (const name of readable) {
        const text = await readFile(join(dir, "docs", name), "utf8");
        assert.ok(
          project.docs.some((d) => d.content === text),
          `docs/${name}`,
        );
      }
      for (const file of fake.expectedProjectFiles(org.uuid, project.uuid)) {
        if (file.status !== "ok" || file.variant === "thumbnail" || file.variant === "contents") continue;
        const names = await readdir(join(dir, "files"));
        const found = [];
        for (const name of names)
          if (sha256(await readFile(join(dir, "files", name))) === file.sha256) found.push(name);
        assert.ok(found.length > 0, `project ${project.uuid}: knowledge file ${file.fileName} not linked`);
      }
      const chats = JSON.parse(await readFile(join(dir, "conversations.json"), "utf8")) as string[];
      const expected = (fake.listEntries(org.uuid) as { uuid: string; project_uuid: string | null }[])
        .filter((e) => e.project_uuid === project.uuid)
        .map((e) => e.uuid)
        .sort();
      assert.deepEqual(chats, expected, `conversations.json of ${project.uuid}`);
    }
  }
}
