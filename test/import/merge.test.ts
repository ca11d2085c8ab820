import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { chatFileName } from "../../src/core/names.ts";
import type { FakeClaude } from "../fake-claude/server.ts";
import { assertMatchesServer, type Entry, FAST, orgFolder } from "../helpers/match-server.ts";
import { runCli } from "../helpers/run-cli.ts";
import { withScenario } from "../helpers/scenario.ts";
import { chatsIn, cli, exportChat } from "./helpers.ts";

// Import next to real API copies made by a real sync against the fake claude.ai, and the sync after it.

// The export's version of a chat the fake serves: the export's fields only, and other text, so that
// an overwritten API copy would show.
function exportedFromServer(fake: FakeClaude, orgUuid: string, chatUuid: string) {
  const detail = JSON.parse(fake.chatBody(orgUuid, chatUuid)) as Record<string, unknown>;
  const messages = (detail.chat_messages as Record<string, unknown>[]).map((m) => ({
    uuid: m.uuid,
    text: "exported text",
    content: [{ type: "text", text: "exported text" }],
    sender: m.sender,
    created_at: m.created_at,
    updated_at: m.updated_at,
    attachments: [],
    files: [],
    parent_message_uuid: m.parent_message_uuid,
  }));
  return {
    uuid: detail.uuid,
    name: detail.name,
    summary: "",
    created_at: detail.created_at,
    updated_at: detail.updated_at,
    account: { uuid: fake.account().uuid },
    chat_messages: messages,
  };
}

describe("import next to API copies, and the sync after it", () => {
  test("API copies are never overwritten; imported chats are marked; the next sync replaces them", async () => {
    await withScenario(
      { organizations: 1, chatsPerOrg: 8, seed: 11 },
      async ({ fake, backup, env, org, entries }) => {
        const first = await runCli([backup, ...FAST], { env });
        assert.equal(first.code, 0, first.stderr);
        const orgDir = orgFolder(backup, org);
        // The backup lacks one old chat (as if it had been deleted locally): only the export has it.
        const old = entries.at(-1) as Entry;
        await rm(join(orgDir, "chat_conversations", chatFileName(old.name, old.uuid)));
        const listPath = join(orgDir, "chat_conversations.json");
        const list = JSON.parse(await readFile(listPath, "utf8")) as Entry[];
        await writeFile(listPath, JSON.stringify(list.filter((row) => row.uuid !== old.uuid)));
        const apiBefore = await chatsIn(orgDir);
        const held = entries.slice(0, 3).map((e) => exportedFromServer(fake, org.uuid, e.uuid));
        const gone = {
          ...exportChat({ name: "Only in the export" }),
          account: { uuid: fake.account().uuid },
        };
        const exportFile = join(backup, "..", "conversations.json");
        await writeFile(
          exportFile,
          JSON.stringify([...held, exportedFromServer(fake, org.uuid, old.uuid), gone]),
        );

        const run = await cli(["import", "--dir", backup, exportFile]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /import: 2 new, 0 updated, 3 kept \(API copy\), 0 unchanged, 0 failed/);
        assert.deepEqual(
          run.stdout
            .trim()
            .split("\n")
            .map((l) => l.split("\t")[0])
            .sort(),
          [old.uuid, gone.uuid].sort(),
        );
        const after = await chatsIn(orgDir);
        for (const [uuid, chat] of apiBefore)
          assert.deepEqual(after.get(uuid), chat, `API copy ${uuid} untouched`);
        assert.equal(
          (after.get(old.uuid)?.json._claude_backup as { imported_from?: string } | undefined)?.imported_from,
          "official-export",
        );

        // A second import of the same export changes nothing.
        const again = await cli(["import", "--dir", backup, exportFile]);
        assert.match(again.stderr, /0 new, 0 updated, 3 kept \(API copy\), 2 unchanged/);

        fake.resetRequests();
        const sync = await runCli([backup, ...FAST], { env });
        assert.equal(sync.code, 0, sync.stderr);
        assert.ok(sync.stdout.includes(old.uuid), "the imported chat is fetched from the API");
        assert.equal(fake.count("chat"), 1, "only the imported chat is fetched");
        // Every chat of the server is now its API copy, byte for byte; the export-only chat is kept.
        await assertMatchesServer(fake, backup, new Map([[gone.uuid, org.uuid]]));
        const final = await chatsIn(orgDir);
        assert.equal(final.get(old.uuid)?.json._claude_backup, undefined);
        assert.ok(
          final.get(gone.uuid)?.json._claude_backup,
          "a chat claude.ai no longer has stays the imported copy",
        );
      },
    );
  });

  test("an export imported into an empty backup, then synced: the folder becomes the organization's", async () => {
    await withScenario(
      { organizations: 1, chatsPerOrg: 5, seed: 12 },
      async ({ fake, backup, env, org, entries }) => {
        const exportFile = join(backup, "..", "conversations.json");
        await writeFile(
          exportFile,
          JSON.stringify(entries.map((e) => exportedFromServer(fake, org.uuid, e.uuid))),
        );
        const run = await cli(["import", "--dir", backup, "--org", org.uuid, exportFile]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /import: 5 new/);
        const sync = await runCli([backup, ...FAST], { env });
        assert.equal(sync.code, 0, sync.stderr);
        await assertMatchesServer(fake, backup);
      },
    );
  });

  test("an export of another account is refused unless --org says where it goes", async () => {
    await withScenario({ organizations: 1, chatsPerOrg: 2, seed: 13 }, async ({ backup, env, org }) => {
      const first = await runCli([backup, ...FAST], { env });
      assert.equal(first.code, 0, first.stderr);
      const exportFile = join(backup, "..", "conversations.json");
      await writeFile(exportFile, JSON.stringify([exportChat()]));
      const refused = await cli(["import", "--dir", backup, exportFile]);
      assert.equal(refused.code, EXIT_CODES.importInvalid, refused.stderr);
      assert.match(refused.stderr, /belongs to account .* pass --org UUID/);
      const forced = await cli(["import", "--dir", backup, "--org", org.uuid, exportFile]);
      assert.equal(forced.code, 0, forced.stderr);
    });
  });

  test("with several organizations, --org is required and the choices are listed", async () => {
    await withScenario({ organizations: 2, chatsPerOrg: 2, seed: 14 }, async ({ fake, backup, env }) => {
      const first = await runCli([backup, ...FAST], { env });
      assert.equal(first.code, 0, first.stderr);
      const exportFile = join(backup, "..", "conversations.json");
      await writeFile(
        exportFile,
        JSON.stringify([{ ...exportChat(), account: { uuid: fake.account().uuid } }]),
      );
      const run = await cli(["import", "--dir", backup, exportFile]);
      assert.equal(run.code, EXIT_CODES.usage, run.stderr);
      for (const o of fake.chatOrgs()) assert.ok(run.stderr.includes(o.uuid), `lists ${o.uuid}`);
      const [target] = fake.chatOrgs();
      assert.ok(target);
      const chosen = await cli(["import", "--dir", backup, "--org", target.uuid, exportFile]);
      assert.equal(chosen.code, 0, chosen.stderr);
    });
  });
});
