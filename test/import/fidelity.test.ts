import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { chatsIn, cli, exportChat, newUuid, onlyOrgDir, writeZip } from "./helpers.ts";

// What the export says is kept as it said it, and hostile content lands nowhere it should not.

async function withDirs(body: (dir: string, backup: string) => Promise<void>): Promise<void> {
  const temp = await tempDir("claude-backup-import-");
  try {
    await body(temp.path, join(temp.path, "backup"));
  } finally {
    await temp.cleanup();
  }
}

describe("import: fidelity and hostile input", () => {
  test("a chat file is the export's own bytes with the marker added as the last key", async () => {
    await withDirs(async (dir, backup) => {
      const uuid = newUuid();
      // Unknown fields and block types, key order, numbers beyond a double, a __proto__ key, spacing.
      const element = `{
    "zeta": 1, "uuid": "${uuid}", "name": "Raw", "updated_at": "2025-05-05T05:05:05Z",
    "big": 123456789012345678901234567890, "tiny": 1.0000000000000000000001, "__proto__": {"polluted": true},
    "chat_messages": [{"uuid": "${newUuid()}", "sender": "human", "content": [
      {"type": "quantum_block_v9", "qubits": [0, 1], "meta": {"\\u00e9": "\\"quoted\\" ]}"}}
    ]}]
  }`;
      const file = join(dir, "conversations.json");
      await writeFile(file, `[\n  ${element}\n]\n`);
      const run = await cli(["import", "--dir", backup, "--org", newUuid(), file]);
      assert.equal(run.code, 0, run.stderr);
      const orgDir = await onlyOrgDir(backup);
      const [name] = await readdir(join(orgDir, "chat_conversations"));
      const saved = await readFile(join(orgDir, "chat_conversations", name ?? ""), "utf8");
      const marker = /,"_claude_backup":\{[^{}]*\}\}$/.exec(saved)?.[0];
      assert.ok(marker, saved.slice(-200));
      assert.equal(`${saved.slice(0, -marker.length)}}`, element, "every byte of the export is kept");
      assert.equal(({} as Record<string, unknown>).polluted, undefined, "no prototype was touched");
    });
  });

  test("hostile chat names stay inside the chats folder, and stdout stays one line per chat", async () => {
    await withDirs(async (dir, backup) => {
      const names = [
        "../../x",
        "/etc/passwd",
        "é".repeat(300),
        "CON",
        "nul.txt",
        "a\u0007b\nc\u001b[31mred\r",
        "<script>alert(1)</script>",
        "..",
      ];
      const chats = names.map((name) => exportChat({ name, text: "<img src=x onerror=alert(1)>" }));
      const file = join(dir, "conversations.json");
      await writeFile(file, JSON.stringify(chats));
      const run = await cli(["import", "--dir", backup, file]);
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout.split("\n").filter((l) => l !== "");
      assert.equal(lines.length, names.length);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      for (const line of lines) assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u007f]/);
      const orgDir = await onlyOrgDir(backup);
      const files = await readdir(join(orgDir, "chat_conversations"));
      assert.equal(files.length, names.length);
      for (const f of files) {
        assert.ok(Buffer.byteLength(f) <= 255, f);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        assert.doesNotMatch(f, /[/\\\u0000-\u001f]|^CON\.|^nul\./i);
      }
      assert.deepEqual(
        await readdir(dir),
        ["backup", "conversations.json"],
        "nothing written beside the backup",
      );
      const saved = await chatsIn(orgDir);
      for (const chat of chats)
        assert.equal(saved.get(chat.uuid)?.json.name, chat.name, "the name itself is kept");
    });
  });

  test("hostile zip entry names are never used as paths", async () => {
    await withDirs(async (dir, backup) => {
      const chat = exportChat();
      const zip = join(dir, "data-2025-10-06-00-55-16-batch-0000.zip");
      // yazl refuses such names, so they are patched into the finished zip (same length).
      await writeZip(zip, { "xx/xx/xx/conversations.json": JSON.stringify([chat]), "zzz/users.json": "[]" });
      const bytes = await readFile(zip);
      const patched = Buffer.from(
        bytes.toString("latin1").replaceAll("xx/xx/xx/", "../../../").replaceAll("zzz/", "/../"),
        "latin1",
      );
      await writeFile(zip, patched);
      const run = await cli(["import", "--dir", backup, zip]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual([...(await chatsIn(await onlyOrgDir(backup))).keys()], [chat.uuid]);
      assert.deepEqual((await readdir(dir)).sort(), ["backup", "data-2025-10-06-00-55-16-batch-0000.zip"]);
    });
  });

  test("an element that is not a conversation (hostile uuid) is skipped, counted as failed, exit 8", async () => {
    await withDirs(async (dir, backup) => {
      const good = exportChat();
      const bad = { ...exportChat(), uuid: "../../../etc/passwd" };
      const file = join(dir, "conversations.json");
      await writeFile(file, JSON.stringify([good, bad, 42]));
      const run = await cli(["import", "--dir", backup, file]);
      assert.equal(run.code, EXIT_CODES.partial, run.stderr);
      assert.match(run.stderr, /1 new, .* 2 failed/);
      assert.deepEqual([...(await chatsIn(await onlyOrgDir(backup))).keys()], [good.uuid]);
    });
  });

  test("an imported copy is replaced by a newer import, never by an older one", async () => {
    await withDirs(async (dir, backup) => {
      const chat = exportChat({ updatedAt: "2025-05-01T00:00:00Z", text: "middle" });
      const file = join(dir, "conversations.json");
      await writeFile(file, JSON.stringify([chat]));
      assert.equal((await cli(["import", "--dir", backup, file])).code, 0);
      const older = exportChat({ uuid: chat.uuid, updatedAt: "2025-01-01T00:00:00Z", text: "old" });
      await writeFile(file, JSON.stringify([older]));
      assert.match(
        (await cli(["import", "--dir", backup, file])).stderr,
        /0 new, 0 updated, 0 kept \(API copy\), 1 unchanged/,
      );
      const newer = exportChat({
        uuid: chat.uuid,
        name: "Renamed",
        updatedAt: "2025-09-01T00:00:00Z",
        text: "new",
      });
      await writeFile(file, JSON.stringify([newer]));
      assert.match((await cli(["import", "--dir", backup, file])).stderr, /0 new, 1 updated/);
      const orgDir = await onlyOrgDir(backup);
      const saved = await chatsIn(orgDir);
      assert.equal(saved.size, 1, "one file per chat, under its new name");
      assert.equal(saved.get(chat.uuid)?.json.name, "Renamed");
      assert.ok(saved.get(chat.uuid)?.file.startsWith("Renamed-"));
    });
  });
});
