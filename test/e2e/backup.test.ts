import assert from "node:assert/strict";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { chatFileName } from "../../src/core/names.ts";
import { listTree } from "../helpers/backup-tree.ts";
import { assertMatchesServer, type Entry, FAST, orgFolder } from "../helpers/match-server.ts";
import { runInProcess } from "../helpers/run-in-process.ts";
import { type Setup, withScenario } from "../helpers/scenario.ts";

// Each test starts its own fake claude.ai and folders (none depends on another having run first);
// later syncs start from a backup made by a first, complete sync.
const WORLD = { organizations: 2, chatsPerOrg: 30, seed: 7 };

async function withFirstSync(body: (setup: Setup) => Promise<void>): Promise<void> {
  await withScenario(WORLD, async (setup) => {
    const first = await runInProcess([setup.backup, ...FAST], { env: setup.env });
    assert.equal(first.code, 0, first.stderr);
    await body(setup);
  });
}

describe("claude-backup against the fake claude.ai", () => {
  test("a first sync saves every chat of every chat organization, byte for byte", async () => {
    await withScenario(WORLD, async ({ fake, backup, env }) => {
      const result = await runInProcess([backup, ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      await assertMatchesServer(fake, backup);
      const account = JSON.parse(await readFile(join(backup, "account.json"), "utf8"));
      assert.deepEqual(account, fake.account());
      // one stdout line per chat: <uuid>\t<name>
      const lines = result.stdout.trim().split("\n");
      const total = fake.chatOrgs().reduce((n, org) => n + fake.listEntries(org.uuid).length, 0);
      assert.equal(lines.length, total);
      for (const line of lines) assert.match(line, /^[0-9a-f-]{36}\t[^\n]*$/);
      assert.match(result.stderr, /skipping organization .*no chat capability/);
      const orgs = await readdir(join(backup, "organizations"));
      assert.equal(orgs.length, fake.chatOrgs().length, "the API-only organization gets no folder");
      for (const item of await listTree(backup)) {
        assert.equal(item.mode, item.dir ? 0o700 : 0o600, `${item.path} has mode ${item.mode.toString(8)}`);
      }
    });
  });

  test("an account with one chat in each organization is backed up and the sync ends", async () => {
    // The full scan of a one-row list asks for the page after it; that empty page once sent the walk
    // back to the top, and the sync asked for the same two pages until it was killed.
    await withScenario({ organizations: 2, chatsPerOrg: 1, seed: 3 }, async ({ fake, backup, env }) => {
      const result = await runInProcess([backup, "--no-files", "--no-projects", ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      await assertMatchesServer(fake, backup);
      const orgs = fake.chatOrgs().length;
      assert.equal(fake.count("list_v1"), 2 * orgs, "the row's page and the empty page after it");
    });
  });

  test("a second sync with no changes costs the account and, per organization, its chat list, project list and memory", async () => {
    await withFirstSync(async ({ fake, backup, env }) => {
      fake.resetRequests();
      const result = await runInProcess([backup, ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      const orgs = fake.chatOrgs().length;
      assert.equal(fake.count("account"), 1);
      assert.equal(fake.count("list_v1"), orgs, "one small page of each chat list");
      assert.equal(
        fake.count("project_list"),
        orgs,
        "projects whose updated_at did not change cost nothing more",
      );
      assert.equal(fake.count("memory"), orgs);
      assert.equal(fake.count(), 1 + 3 * orgs, "nothing else: no chat, no file, no project");
      assert.match(result.stderr, /0 new, 0 updated, 0 renamed/);
    });
  });

  test("with --no-files --no-projects a sync with no changes costs what a chats-only backup does", async () => {
    await withFirstSync(async ({ fake, backup, env }) => {
      fake.resetRequests();
      const result = await runInProcess([backup, "--no-files", "--no-projects", ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(fake.count(), 1 + fake.chatOrgs().length);
    });
  });

  test("renames, updates, creations and deletions are followed; deleted chats are kept", async () => {
    await withFirstSync(async ({ fake, backup, env }) => {
      const [orgA, orgB] = fake.chatOrgs();
      assert.ok(orgA && orgB);
      const [a0, a1, a2, a3] = fake.listEntries(orgA.uuid).slice(-4) as Entry[];
      assert.ok(a0 && a1 && a2 && a3);
      fake.renameChat(orgA.uuid, a0.uuid, "Renamed: now with a new name");
      fake.updateChat(orgA.uuid, a1.uuid);
      fake.deleteChat(orgA.uuid, a2.uuid);
      const created = fake.createChat(orgB.uuid, { name: "Brand new chat" });
      const oldFolderB = orgFolder(backup, orgB);
      fake.renameOrg(orgB.uuid, "Renamed Org");
      fake.resetRequests();
      const result = await runInProcess([backup, ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(fake.count("chat"), 3, "only the renamed, updated and new chats are fetched");
      await assertMatchesServer(fake, backup, new Map([[a2.uuid, orgA.uuid]]));
      const renamedOrg = fake.chatOrgs().find((o) => o.uuid === orgB.uuid);
      assert.ok(renamedOrg);
      assert.notEqual(orgFolder(backup, renamedOrg), oldFolderB);
      await assert.rejects(readdir(oldFolderB), "the old organization folder is renamed, not copied");
      assert.ok(result.stdout.includes(created));
    });
  });

  test("a full scan notices a starred chat and a deleted one, and keeps the deleted one", async () => {
    await withFirstSync(async ({ fake, backup, env }) => {
      const [orgA] = fake.chatOrgs();
      assert.ok(orgA);
      const entries = fake.listEntries(orgA.uuid) as Entry[];
      const starred = entries.at(-1);
      const deleted = entries.at(-2);
      assert.ok(starred && deleted);
      fake.starChat(orgA.uuid, starred.uuid, true);
      fake.deleteChat(orgA.uuid, deleted.uuid);
      const incremental = await runInProcess([backup, ...FAST], { env });
      assert.equal(incremental.code, 0, incremental.stderr);
      assert.ok(!incremental.stdout.includes(starred.uuid), "an incremental walk cannot see a star");
      const full = await runInProcess([backup, "--full-scan", ...FAST], { env });
      assert.equal(full.code, 0, full.stderr);
      assert.ok(full.stdout.includes(starred.uuid));
      assert.match(full.stderr, /1 deleted on claude\.ai/);
      await assertMatchesServer(fake, backup, new Map([[deleted.uuid, orgA.uuid]]));
      // Recorded once: the next full scan still knows it as deleted, and does not count it again.
      const again = await runInProcess([backup, "--full-scan", ...FAST], { env });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /0 deleted on claude\.ai/);
      const state = JSON.parse(await readFile(join(backup, ".claude-backup", "state.json"), "utf8"));
      assert.deepEqual(state.orgs[orgA.uuid].deleted, [deleted.uuid]);
      await assertMatchesServer(fake, backup, new Map([[deleted.uuid, orgA.uuid]]));
    });
  });

  test("chats that move to the top while the list is paged are all fetched", async () => {
    await withFirstSync(async ({ fake, backup, env }) => {
      const [orgA] = fake.chatOrgs();
      assert.ok(orgA);
      const older = (fake.listEntries(orgA.uuid) as Entry[]).slice(-6);
      let pages = 0;
      const bumped: string[] = [];
      fake.onListPage = (info) => {
        if (info.orgUuid !== orgA.uuid) return;
        pages++;
        // Between pages, chats deep in the list get updated and jump to the top.
        if (pages >= 2 && pages <= 4) {
          const victim = older[pages];
          if (victim) {
            fake.updateChat(orgA.uuid, victim.uuid);
            bumped.push(victim.uuid);
          }
        }
      };
      for (let i = 0; i < 45; i++) fake.createChat(orgA.uuid, { name: `Bulk ${i}` });
      try {
        const result = await runInProcess([backup, ...FAST], { env });
        assert.equal(result.code, 0, result.stderr);
        for (const uuid of bumped)
          assert.ok(result.stdout.includes(uuid), `${uuid} moved during paging and was missed`);
      } finally {
        fake.onListPage = undefined;
      }
      const again = await runInProcess([backup, ...FAST], { env });
      assert.equal(again.stdout, "", "nothing was left for a later run");
    });
  });
});

describe("fetching while the list is walked", () => {
  test("a long list's chats are fetched before its walk ends, each once, and chats moving meanwhile are not lost", async () => {
    await withScenario({ organizations: 1, chatsPerOrg: 450, seed: 11 }, async ({ fake, backup, env }) => {
      const [org] = fake.chatOrgs();
      assert.ok(org);
      const deep = (fake.listEntries(org.uuid) as Entry[]).slice(-3);
      let pages = 0;
      const moved: string[] = [];
      fake.onListPage = (info) => {
        if (info.orgUuid !== org.uuid || ++pages !== 3) return;
        // Mid-walk: a chat deep in the list is updated (it jumps to the top) and a new one appears.
        const victim = deep[0];
        assert.ok(victim);
        fake.updateChat(org.uuid, victim.uuid);
        moved.push(victim.uuid, fake.createChat(org.uuid, { name: "Made while listing" }));
      };
      try {
        const result = await runInProcess([backup, ...FAST], { env });
        assert.equal(result.code, 0, result.stderr);
        const kinds = fake.requests.map((request) => request.kind);
        const firstChat = kinds.indexOf("chat");
        const lastPage = kinds.lastIndexOf("list_v1");
        assert.ok(
          firstChat >= 0 && firstChat < lastPage,
          `first chat request ${firstChat}, last list page ${lastPage}`,
        );
        const fetches = new Map<string, number>();
        for (const request of fake.requests) {
          if (request.kind !== "chat") continue;
          const uuid = request.path.split("/").at(-1) ?? "";
          fetches.set(uuid, (fetches.get(uuid) ?? 0) + 1);
        }
        // Each chat once; the one updated mid-walk may be fetched in both versions.
        for (const [uuid, count] of fetches)
          assert.ok(count <= (uuid === deep[0]?.uuid ? 2 : 1), `${uuid} fetched ${count} times`);
        for (const uuid of moved)
          assert.ok(result.stdout.includes(uuid), `${uuid} changed during the walk and was missed`);
      } finally {
        fake.onListPage = undefined;
      }
      await assertMatchesServer(fake, backup);
      const again = await runInProcess([backup, ...FAST], { env });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, "", "nothing was left for a later run");
    });
  });
});

describe("adopting a folder written by the original tool", () => {
  for (const withList of [true, false]) {
    test(`unchanged chats are not fetched again (${withList ? "with" : "without"} chat_conversations.json)`, async () => {
      await withScenario({ organizations: 1, chatsPerOrg: 20, seed: 11 }, async ({ fake, backup, env }) => {
        const [org] = fake.chatOrgs();
        assert.ok(org);
        const dir = orgFolder(backup, org);
        await mkdir(join(dir, "chat_conversations"), { recursive: true });
        const entries = fake.listEntries(org.uuid) as Entry[];
        let dotBugVictims = 0;
        const written = new Set<string>();
        for (const entry of entries) {
          // The original's name: the slug, with ".json" replacing whatever follows the last dot.
          const slug = chatFileName(entry.name, entry.uuid).replace(/\.json$/, "");
          const dot = slug.lastIndexOf(".");
          const file = dot >= 0 ? `${slug.slice(0, dot)}.json` : `${slug}.json`;
          if (written.has(file)) dotBugVictims++;
          written.add(file);
          const path = join(dir, "chat_conversations", file);
          await writeFile(path, fake.chatBody(org.uuid, entry.uuid));
          const time = new Date(entry.updated_at);
          await utimes(path, time, time);
        }
        if (withList) await writeFile(join(dir, "chat_conversations.json"), JSON.stringify(entries));
        await writeFile(join(backup, "account.json"), JSON.stringify(fake.account()));
        // The original's own version file: it empties the folder if this ever holds a version it does not know.
        await writeFile(join(backup, "version"), "0.1.8\n");
        fake.resetRequests();
        const result = await runInProcess([backup, "-s", "0"], { env });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(fake.count("chat"), dotBugVictims, "only chats the original tool overwrote are fetched");
        await assertMatchesServer(fake, backup);
        assert.equal(await readFile(join(backup, "version"), "utf8"), "0.1.8\n");
        assert.equal((await readFile(join(backup, ".claude-backup", "format"), "utf8")).trim(), "2");
      });
    });
  }
});

describe("the list endpoint drift", () => {
  test("with the v1 list gone, v2 is read twice (unstarred and starred)", async () => {
    await withScenario(
      { organizations: 1, chatsPerOrg: 12, seed: 3, v1ListRemoved: true },
      async ({ fake, backup, env }) => {
        const [org] = fake.chatOrgs();
        assert.ok(org);
        const [first] = fake.listEntries(org.uuid) as Entry[];
        assert.ok(first);
        fake.starChat(org.uuid, first.uuid, true);
        const result = await runInProcess([backup, ...FAST], { env });
        assert.equal(result.code, 0, result.stderr);
        await assertMatchesServer(fake, backup);
        fake.resetRequests();
        const again = await runInProcess([backup, ...FAST], { env });
        assert.equal(again.code, 0, again.stderr);
        assert.equal(fake.count("list_v1"), 0, "the run remembers that v1 is gone");
        assert.equal(fake.count("list_v2"), 2, "one page of each half");
        assert.equal(fake.count(), 1 + 2 + 2, "with the project list and the memory");
      },
    );
  });
});

describe("a list whose paging broke", () => {
  test("a list that ignores the offset stops the run with exit 7 after a bounded number of pages; the next run completes", async () => {
    await withScenario(
      { organizations: 1, chatsPerOrg: 150, seed: 4 },
      async ({ fake, org, backup, env }) => {
        fake.setOffsetIgnored(true);
        const result = await runInProcess([backup, "--no-files", "--no-projects", ...FAST], { env });
        assert.equal(result.code, EXIT_CODES.badResponse, result.stderr);
        assert.match(result.stderr, /pages in a row without a chat not seen before/);
        assert.ok(
          result.stderr.includes(`the chat list of organization ${org.uuid}`),
          "the message names the list",
        );
        assert.ok(fake.count("list_v1") <= 110, `${fake.count("list_v1")} list pages asked for`);
        fake.setOffsetIgnored(false);
        const again = await runInProcess([backup, "--no-files", "--no-projects", ...FAST], { env });
        assert.equal(again.code, 0, again.stderr);
        await assertMatchesServer(fake, backup);
      },
    );
  });
});

describe("stars on the v2 list", () => {
  test("a newly starred and a newly unstarred chat are saved by the next ordinary sync", async () => {
    await withScenario(
      { organizations: 1, chatsPerOrg: 40, seed: 21, v1ListRemoved: true },
      async ({ fake, org, backup, env }) => {
        const entries = fake.listEntries(org.uuid) as Entry[];
        const toUnstar = entries.at(-1);
        const toStar = entries.at(-2);
        assert.ok(toUnstar && toStar);
        fake.starChat(org.uuid, toUnstar.uuid, true);
        assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
        // Stars change no updated_at and move no chat to the top of any list.
        fake.starChat(org.uuid, toUnstar.uuid, false);
        fake.starChat(org.uuid, toStar.uuid, true);
        const result = await runInProcess([backup, ...FAST], { env });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /incremental/);
        const saved = new Set(
          result.stdout
            .trim()
            .split("\n")
            .map((line) => line.split("\t")[0]),
        );
        assert.deepEqual(saved, new Set([toStar.uuid, toUnstar.uuid]));
        await assertMatchesServer(fake, backup);
        fake.resetRequests();
        const again = await runInProcess([backup, ...FAST], { env });
        assert.equal(again.stdout, "", "nothing is fetched again");
        assert.equal(fake.count("chat"), 0);
      },
    );
  });
});

describe("starting over", () => {
  test("--ignore-cache refetches everything and drops chats deleted on claude.ai", async () => {
    await withScenario({ organizations: 1, chatsPerOrg: 8, seed: 5 }, async ({ fake, backup, env }) => {
      assert.equal((await runInProcess([backup, ...FAST], { env })).code, 0);
      const [org] = fake.chatOrgs();
      assert.ok(org);
      const [gone] = fake.listEntries(org.uuid) as Entry[];
      assert.ok(gone);
      fake.deleteChat(org.uuid, gone.uuid);
      fake.resetRequests();
      const result = await runInProcess([backup, "--ignore-cache", ...FAST], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(fake.count("chat"), 7);
      await assertMatchesServer(fake, backup);
    });
  });
});
