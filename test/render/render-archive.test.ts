import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { chatFileName } from "../../src/core/names.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { branchingChat, CHAT_UUID, orgDir, plainChat, writeBackup, writeChat } from "./fixtures.ts";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";

async function withBackup(body: (root: string) => Promise<void>): Promise<void> {
  const dir = await tempDir();
  try {
    await writeBackup(dir.path, [branchingChat(), plainChat(A, "First chat"), plainChat(B, "Second: chat")]);
    await body(dir.path);
  } finally {
    await chmod(dir.path, 0o700).catch(() => {});
    await rm(dir.path, { recursive: true, force: true });
  }
}

const render = (root: string, ...args: string[]) =>
  runInProcess(["render", "--dir", root, "--json", ...args]);
const summary = (stdout: string) =>
  JSON.parse(stdout) as { rendered: number; unchanged: number; removed: number; total: number };

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(relative(dir, path));
    }
  };
  await walk(dir).catch(() => {});
  return out.sort();
}

// Every file of the backup except the rendered output, with its content hash and mtime.
async function fingerprint(root: string): Promise<string[]> {
  const list = (await files(root)).filter((f) => !f.startsWith("rendered/"));
  return Promise.all(
    list.map(async (f) => {
      const info = await stat(join(root, f));
      const hash = createHash("sha256")
        .update(await readFile(join(root, f)))
        .digest("hex");
      return `${f} ${hash} ${info.mtimeMs} ${info.mode}`;
    }),
  );
}

describe("render of a whole backup", () => {
  test("mirrors the layout and names, with artifacts next to each rendering, and changes nothing in the backup", async () => {
    await withBackup(async (root) => {
      const before = await fingerprint(root);
      const result = await render(root);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(summary(result.stdout).rendered, 3);
      const out = join(root, "rendered", "md");
      const org = relative(join(root, "organizations"), orgDir(root));
      const listed = await files(out);
      assert.ok(listed.includes(join(org, chatFileName("First chat", A).replace(/\.json$/, ".md"))));
      assert.ok(listed.includes(join(org, chatFileName("Second: chat", B).replace(/\.json$/, ".md"))));
      const slug = chatFileName(String(branchingChat().name), CHAT_UUID).replace(/\.json$/, "");
      assert.ok(listed.includes(join(org, "artifacts", slug, "Hydration_calc.py")));
      assert.ok(listed.includes(join(org, "artifacts", slug, "report.md")));
      const final = await readFile(join(out, org, "artifacts", slug, "Hydration_calc.py"), "utf8");
      assert.equal(final, "def hydration(flour, water):\n    return $& * 100 # $1 $$\n");
      assert.deepEqual(await fingerprint(root), before, "the original tool's files are untouched");
    });
  });

  test("is incremental: nothing twice, a changed chat again, a deleted rendering rebuilt, a renamed chat's old file gone", async () => {
    await withBackup(async (root) => {
      const out = join(root, "rendered", "md");
      assert.equal(summary((await render(root)).stdout).rendered, 3);
      const second = summary((await render(root)).stdout);
      assert.deepEqual([second.rendered, second.unchanged, second.removed], [0, 3, 0]);

      // A chat updated by a sync (new content, new mtime).
      await writeChat(root, {
        ...plainChat(A, "First chat", "A new answer."),
        updated_at: "2026-03-02T10:00:00Z",
      });
      let s = summary((await render(root)).stdout);
      assert.deepEqual([s.rendered, s.unchanged], [1, 2]);
      const org = relative(join(root, "organizations"), orgDir(root));
      const firstMd = join(out, org, chatFileName("First chat", A).replace(/\.json$/, ".md"));
      assert.match(await readFile(firstMd, "utf8"), /A new answer\./);

      // A rendering deleted by hand.
      await rm(firstMd);
      s = summary((await render(root)).stdout);
      assert.equal(s.rendered, 1);
      assert.match(await readFile(firstMd, "utf8"), /A new answer\./);

      // A chat renamed on claude.ai: the sync renames its file.
      const chats = join(orgDir(root), "chat_conversations");
      await rename(join(chats, chatFileName("Second: chat", B)), join(chats, chatFileName("Renamed", B)));
      s = summary((await render(root)).stdout);
      assert.equal(s.rendered, 1);
      const names = await files(join(out, org));
      assert.ok(names.includes(chatFileName("Renamed", B).replace(/\.json$/, ".md")));
      assert.ok(!names.some((n) => n.startsWith("Second")), "no stale duplicate");

      // A chat gone from the backup: its rendering and its artifacts go too.
      const slug = chatFileName(String(branchingChat().name), CHAT_UUID);
      await rm(join(chats, slug));
      s = summary((await render(root)).stdout);
      assert.equal(s.removed, 1);
      assert.ok(!(await files(join(out, org))).some((n) => n.includes(CHAT_UUID)));
    });
  });

  test("html pages go into rendered/html; options that change the output render everything again", async () => {
    await withBackup(async (root) => {
      assert.equal(summary((await render(root, "--format", "html")).stdout).rendered, 3);
      const pages = (await files(join(root, "rendered", "html"))).filter((f) => f.endsWith(".html"));
      assert.equal(pages.length, 3);
      const again = summary((await render(root, "--format", "html", "--artifact-versions")).stdout);
      assert.equal(again.rendered, 3);
      assert.ok(
        (await files(join(root, "rendered", "html"))).some((f) => f.endsWith("Hydration_calc.v3.py")),
      );
    });
  });

  test("a manifest change renders the chat again, and its stored image is linked", async () => {
    await withBackup(async (root) => {
      await render(root);
      const manifests = join(orgDir(root), "file_manifests");
      await mkdir(manifests, { recursive: true });
      const entry = {
        key: "file:a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10:preview",
        fileUuid: "a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10",
        variant: "preview",
        fileName: "crumb (1).jpg",
        status: "ok",
        sha256: "ab".repeat(32),
        link: "crumb (1).jpg",
      };
      await writeFile(join(manifests, `${CHAT_UUID}.json`), JSON.stringify([entry]));
      assert.equal(summary((await render(root)).stdout).rendered, 1);
      const org = relative(join(root, "organizations"), orgDir(root));
      const name = chatFileName(String(branchingChat().name), CHAT_UUID);
      const text = await readFile(join(root, "rendered", "md", org, name.replace(/\.json$/, ".md")), "utf8");
      const link = `../../../organizations/${encodeURIComponent(org)}/chat_files/`;
      assert.ok(text.includes(`![crumb (1).jpg](${link}`), "the image links its hard link in chat_files");
    });
  });

  test("an unwritable OUT is a storage error (exit 9); a broken chat file is skipped with a warning (exit 8)", async () => {
    await withBackup(async (root) => {
      const out = join(root, "ro");
      await mkdir(out, { mode: 0o500 });
      const denied = await runInProcess(["render", "--dir", root, "--out", join(out, "x")]);
      if (process.getuid?.() !== 0) {
        assert.equal(denied.code, 9, denied.stderr);
        assert.match(denied.stderr, /cannot create the folder .*permission denied/);
      }
      await writeFile(
        join(
          orgDir(root),
          "chat_conversations",
          `Broken-${"3".repeat(8)}-3333-4333-8333-${"3".repeat(12)}.json`,
        ),
        "{not json",
      );
      const partial = await runInProcess(["render", "--dir", root]);
      assert.equal(partial.code, 8, partial.stderr);
      assert.match(partial.stderr, /is not a chat JSON; skipped/);
      assert.match(partial.stderr, /rendered 3 of 4 chats/);
    });
  });

  test("--out inside the backup's own organizations folder is refused", async () => {
    await withBackup(async (root) => {
      const result = await runInProcess(["render", "--dir", root, "--out", join(root, "organizations", "x")]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /inside the backup's own files/);
    });
  });
});
