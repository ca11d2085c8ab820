import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { tempDir } from "../helpers/run-cli.ts";
import { ALL, CAFE, DOCS, HOSTILE, SOURDOUGH, TAXES } from "./chats.ts";
import { cli, jsonLines, ORG_A, ORG_B, PROJECT, writeBackup, writeProject } from "./fixture.ts";

// `claude-backup search` over a small synthetic backup, in-process.

// The control characters of `text` other than newline.
function controls(text: string): string {
  return [...text].filter((c) => c !== "\n" && (c < " " || (c >= "\u007f" && c <= "\u009f"))).join("");
}

describe("search", () => {
  let root = "";
  let cleanup = async () => {};
  before(async () => {
    ({ path: root, cleanup } = await tempDir());
    await writeBackup(root, ALL);
    await writeProject(root, ORG_A, DOCS);
  });
  after(() => cleanup());

  // The hits of a --json search, as [conversation, kind, message] for easy comparison.
  const hits = async (...args: string[]) => {
    const run = await cli(["search", "--dir", root, "--json", "--limit", "100", ...args]);
    assert.equal(run.code, 0, run.stderr);
    return jsonLines(run);
  };
  const chatsOf = async (...args: string[]) => [
    ...new Set((await hits(...args)).map((h) => h.conversation_uuid)),
  ];

  test("every word must match, in titles and messages", async () => {
    assert.deepEqual(await chatsOf("sourdough"), [SOURDOUGH.uuid, CAFE.uuid]);
    assert.deepEqual(await chatsOf("sourdough", "toast"), [CAFE.uuid]);
    assert.deepEqual(await chatsOf("sourdough toast starter"), []);
  });

  test('"quoted words" match as a phrase, in order', async () => {
    assert.deepEqual(await chatsOf('"water bath"'), [SOURDOUGH.uuid]);
    assert.deepEqual(await chatsOf('"bath water"'), []);
  });

  test("word* matches a prefix", async () => {
    assert.deepEqual(await chatsOf("zebra*"), [TAXES.uuid]);
    assert.deepEqual(await chatsOf("zebra"), []);
    assert.deepEqual(await chatsOf('"home off"*'), [TAXES.uuid]);
  });

  test("accents and case are ignored both ways", async () => {
    assert.deepEqual(await chatsOf("creme", "brulee"), [SOURDOUGH.uuid]);
    assert.deepEqual(await chatsOf("CRÈME"), [SOURDOUGH.uuid]);
    assert.deepEqual(await chatsOf("café", "menu"), [CAFE.uuid]);
    assert.deepEqual(await chatsOf("Cafe", "Serves"), [CAFE.uuid]);
  });

  test("thinking, tool calls and results, attachments and file names are searched", async () => {
    assert.deepEqual(await chatsOf("ratios"), [SOURDOUGH.uuid]);
    assert.deepEqual(await chatsOf("quokka"), [TAXES.uuid]);
    assert.deepEqual(await chatsOf("marmalade"), [TAXES.uuid]);
    assert.deepEqual(await chatsOf("zebracorp"), [TAXES.uuid]);
    assert.deepEqual(await chatsOf("receipt"), [TAXES.uuid]);
  });

  test("messages on other branches are found, and say so", async () => {
    const [hit] = await hits("rhubarb");
    assert.equal(hit?.message_uuid, "a1000000-0000-4000-8000-000000000003");
    assert.equal(hit?.on_active_branch, false);
    const [active] = await hits("ratios");
    assert.equal(active?.on_active_branch, true);
  });

  test("project docs and the project's own text are found, with the project's address", async () => {
    const [doc] = await hits("crumb");
    assert.equal(doc?.kind, "doc");
    assert.equal(doc?.file_name, "hydration.md");
    assert.equal(doc?.project_uuid, PROJECT.uuid);
    assert.equal(doc?.organization_uuid, ORG_A.uuid);
    assert.equal(doc?.url, `https://claude.ai/project/${PROJECT.uuid}`);
    assert.equal((await hits("baker"))[0]?.kind, "project");
  });

  test("--json gives the documented fields", async () => {
    const [hit] = await hits("deduct");
    assert.deepEqual(
      {
        conversation_uuid: hit?.conversation_uuid,
        message_uuid: hit?.message_uuid,
        organization_uuid: hit?.organization_uuid,
        name: hit?.name,
        url: hit?.url,
        created_at: hit?.created_at,
        sender: hit?.sender,
        model: hit?.model,
        starred: hit?.starred,
      },
      {
        conversation_uuid: TAXES.uuid,
        message_uuid: "a2000000-0000-4000-8000-000000000002",
        organization_uuid: ORG_B.uuid,
        name: "Tax return",
        url: `https://claude.ai/chat/${TAXES.uuid}`,
        created_at: "2025-06-01T12:01:00.000000Z",
        sender: "assistant",
        model: "claude-sonnet-4-5-20250929",
        starred: false,
      },
    );
    assert.match(String(hit?.snippet), /You can deduct the home office/);
  });

  test("--org, --project, --sender, --model, --starred narrow the hits", async () => {
    assert.deepEqual(await chatsOf("sourdough", "--org", "personal"), []);
    assert.deepEqual(await chatsOf("return", "--org", "Personal"), [TAXES.uuid]);
    assert.deepEqual(await chatsOf("sourdough", "--org", ORG_A.uuid), [SOURDOUGH.uuid, CAFE.uuid]);
    assert.deepEqual(await chatsOf("sourdough", "--project", "baking lab"), [SOURDOUGH.uuid]);
    assert.equal((await hits("crumb", "--project", PROJECT.uuid)).length, 1);
    const human = await hits("sourdough", "--sender", "human");
    assert.deepEqual(
      human.map((h) => h.sender),
      [],
    );
    assert.deepEqual(
      (await hits("cafe", "--sender", "human")).map((h) => h.message_uuid),
      ["a3000000-0000-4000-8000-000000000001"],
    );
    assert.deepEqual(await chatsOf("sourdough", "--model", "OPUS"), [SOURDOUGH.uuid]);
    assert.deepEqual(await chatsOf("sourdough", "--starred"), [SOURDOUGH.uuid]);
    assert.deepEqual(await chatsOf("crumb", "--starred"), []);
  });

  test("--since and --until bound the hit's date, --until including its whole day", async () => {
    assert.deepEqual(await chatsOf("sourdough", "--since", "2026-01-01"), [SOURDOUGH.uuid]);
    assert.deepEqual(await chatsOf("sourdough", "--until", "2025"), [CAFE.uuid]);
    assert.deepEqual(await chatsOf("cafe", "--since", "2024-03-01", "--until", "2024-03-01"), [CAFE.uuid]);
    assert.deepEqual(await chatsOf("cafe", "--until", "2024-02-29"), []);
    assert.deepEqual(
      await chatsOf("deduct", "--since", "2025-06-01T12:01:00Z", "--until", "2025-06-01T12:01:00Z"),
      [TAXES.uuid],
    );
  });

  test("newest first by default, best match first with --rank; --limit caps", async () => {
    const newest = await hits("sourdough");
    const dates = newest.map((h) => String(h.created_at));
    assert.deepEqual(dates, [...dates].sort().reverse());
    const ranked = await hits("sourdough", "--rank");
    assert.equal(ranked[0]?.message_uuid, "a3000000-0000-4000-8000-000000000002");
    assert.notEqual(newest[0]?.message_uuid, ranked[0]?.message_uuid);
    assert.equal((await hits("sourdough", "--limit", "1")).length, 1);
  });

  test("hostile queries never reach FTS5 as syntax", async () => {
    for (const query of ['"', "*", "-", ":", '"""', "(", "^", "''"]) {
      const run = await cli(["search", "--dir", root, "--", query]);
      assert.equal(run.code, 2, `${query}: ${run.stderr}`);
      assert.match(run.stderr, /at least one word/);
    }
    const plain = [
      "NEAR(",
      "OR",
      "sourdough OR",
      "NOT sourdough",
      "sourdough AND",
      "-sourdough",
      "text:sourdough",
      '"unbalanced sourdough',
      "sour*dough",
      "NEAR(sourdough toast, 2)",
      "{text}: sourdough",
      "sourdough^",
      "'; DROP TABLE chats; --",
    ];
    for (const query of plain) {
      const run = await cli(["search", "--dir", root, "--json", "--", query]);
      assert.equal(run.code, 0, `${query}: ${run.stderr}`);
    }
    assert.deepEqual(await chatsOf("--", "-sourdough", "toast"), [CAFE.uuid]);
    assert.deepEqual(await chatsOf('"unbalanced'), []);
    assert.deepEqual(await chatsOf('"water bath'), [SOURDOUGH.uuid]);
  });

  test("a hit prints title, address, date and snippet; highlighted only on a TTY without NO_COLOR", async () => {
    const plain = await cli(["search", "--dir", root, "deduct"]);
    assert.equal(
      plain.stdout,
      `Tax return\nhttps://claude.ai/chat/${TAXES.uuid}  2025-06-01 12:01 · assistant\n  web_search quokka deductions Marmalade tax rules You can deduct the home office.\n\n`,
    );
    const tty = await cli(["search", "--dir", root, "deduct"], {}, true);
    assert.ok(tty.stdout.includes("\u001b[1;33mdeduct\u001b[0m"), tty.stdout);
    const noColor = await cli(["search", "--dir", root, "deduct"], { NO_COLOR: "1" }, true);
    assert.ok(!noColor.stdout.includes("\u001b"));
  });

  test("control characters from a chat never reach the terminal", async () => {
    const run = await cli(["search", "--dir", root, "kumquat"]);
    assert.equal(run.code, 0);
    assert.equal(controls(run.stdout), "");
    assert.match(run.stdout, /Evil {2}\[31mred {2}name/);
    const tty = await cli(["search", "--dir", root, "kumquat"], {}, true);
    assert.equal(
      controls(
        tty.stdout
          .replaceAll("\u001b[1;33m", "")
          .replaceAll("\u001b[0m", "")
          .replaceAll("\u001b[1m", "")
          .replaceAll("\u001b[2m", ""),
      ),
      "",
    );
    assert.equal(HOSTILE.org.uuid, ORG_B.uuid);
  });

  test("bad options get a one-line message and the usage exit code", async () => {
    const cases: [string[], RegExp][] = [
      [["x", "--sender", "robot"], /--sender must be human or assistant/],
      [["x", "--limit", "0"], /--limit must be/],
      [["x", "--limit", "ten"], /--limit must be/],
      [["x", "--since", "yesterday"], /--since: 'yesterday' is not a date/],
      [["x", "--until", "2026-02-30"], /--until: '2026-02-30' is not a date/],
      [
        ["x", "--org", "Nowhere"],
        /no organization 'Nowhere' in this backup \(it has: 'Acme Research', 'Personal'\)/,
      ],
      [["x", "--project", "Nope"], /no project 'Nope'/],
      [["x", "--colour"], /Unknown option/],
      [[], /at least one word/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(["search", "--dir", root, ...args]);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, message);
    }
  });

  test("--help prints the options and exits 0", async () => {
    const run = await cli(["search", "--help"]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--reindex/);
  });
});
