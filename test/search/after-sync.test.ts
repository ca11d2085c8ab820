import assert from "node:assert/strict";
import { test } from "node:test";
import { isRecord } from "../../src/core/guards.ts";
import { messageText } from "../../src/search/message-text.ts";
import { FAST } from "../helpers/match-server.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { withScenario } from "../helpers/scenario.ts";
import { jsonLines } from "./fixture.ts";

// The index stays current across real syncs against the fake claude.ai, with no --reindex.

test("after a chat changes on claude.ai and is synced again, the next search finds its new message", async () => {
  await withScenario(
    { organizations: 1, chatsPerOrg: 12, seed: 11 },
    async ({ fake, backup, env, org, entries }) => {
      const first = await runInProcess([backup, ...FAST], { env });
      assert.equal(first.code, 0, first.stderr);
      const search = async (word: string) => {
        const run = await runInProcess(["search", "--dir", backup, "--json", "--limit", "100000", word], {
          env,
        });
        assert.equal(run.code, 0, run.stderr);
        return jsonLines({ code: run.code ?? 0, stdout: run.stdout, stderr: run.stderr });
      };
      const chat = entries[3];
      assert.ok(chat);
      // Build the index on the first backup.
      assert.ok((await search("the")).length > 0);

      fake.updateChat(org.uuid, chat.uuid);
      const body: unknown = JSON.parse(fake.chatBody(org.uuid, chat.uuid));
      assert.ok(isRecord(body) && Array.isArray(body.chat_messages));
      const leaf = body.chat_messages.filter(isRecord).find((m) => m.uuid === body.current_leaf_message_uuid);
      assert.ok(leaf);
      const word = /\p{L}{4,}/u.exec(messageText(leaf))?.[0];
      assert.ok(word, "the new answer has a word to look for");
      assert.ok(!(await search(word)).some((hit) => hit.message_uuid === leaf.uuid));

      const second = await runInProcess([backup, ...FAST], { env });
      assert.equal(second.code, 0, second.stderr);
      const hits = await search(word);
      const hit = hits.find((h) => h.message_uuid === leaf.uuid);
      assert.ok(hit, `the new message ${String(leaf.uuid)} is found by '${word}'`);
      assert.equal(hit.conversation_uuid, chat.uuid);
      assert.equal(hit.organization_uuid, org.uuid);
    },
  );
});
