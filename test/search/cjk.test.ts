import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { MARK_END, MARK_START } from "../../src/search/find-hits.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { cli, type FixtureChat, jsonLines, ORG_A, say, writeBackup } from "./fixture.ts";

// Chinese, Japanese and Korean put no spaces between words: a word must be found inside a sentence.

const JAPANESE: FixtureChat = {
  uuid: "c5000000-0000-4000-8000-000000000001",
  org: ORG_A,
  name: "引っ越しの相談",
  updatedAt: "2026-03-01T10:05:00.000000Z",
  messages: [
    say(
      "a5000000-0000-4000-8000-000000000001",
      "human",
      "2026-03-01T10:00:00.000000Z",
      "私は東京に住んでいます。",
    ),
    say(
      "a5000000-0000-4000-8000-000000000002",
      "assistant",
      "2026-03-01T10:01:00.000000Z",
      "コーヒーを2杯飲んでから、iPhoneで地図を見ましょう。",
      "a5000000-0000-4000-8000-000000000001",
    ),
  ],
};

const CHINESE: FixtureChat = {
  uuid: "c5000000-0000-4000-8000-000000000002",
  org: ORG_A,
  name: "出差安排",
  updatedAt: "2026-03-02T10:05:00.000000Z",
  messages: [
    say("a5000000-0000-4000-8000-000000000003", "human", "2026-03-02T10:00:00.000000Z", "我明天去北京开会。"),
  ],
};

const KOREAN: FixtureChat = {
  uuid: "c5000000-0000-4000-8000-000000000003",
  org: ORG_A,
  name: "주말 계획",
  updatedAt: "2026-03-03T10:05:00.000000Z",
  messages: [
    say(
      "a5000000-0000-4000-8000-000000000004",
      "human",
      "2026-03-03T10:00:00.000000Z",
      "토요일에 서울에서 만나요.",
    ),
  ],
};

describe("search in Chinese, Japanese and Korean", () => {
  let root = "";
  let cleanup = async () => {};
  before(async () => {
    ({ path: root, cleanup } = await tempDir());
    await writeBackup(root, [JAPANESE, CHINESE, KOREAN]);
  });
  after(() => cleanup());

  const hits = async (...args: string[]) => {
    const run = await cli(["search", "--dir", root, "--json", ...args]);
    assert.equal(run.code, 0, run.stderr);
    return jsonLines(run);
  };
  const chatsOf = async (...args: string[]) => [
    ...new Set((await hits(...args)).map((h) => h.conversation_uuid)),
  ];

  test("a word is found inside a sentence written without spaces", async () => {
    assert.deepEqual(await chatsOf("東京"), [JAPANESE.uuid]);
    assert.deepEqual(await chatsOf("住んで"), [JAPANESE.uuid]);
    assert.deepEqual(await chatsOf("コーヒー"), [JAPANESE.uuid]);
    assert.deepEqual(await chatsOf("北京"), [CHINESE.uuid]);
    assert.deepEqual(await chatsOf("서울"), [KOREAN.uuid]);
  });

  test("its characters must come in order and next to each other", async () => {
    assert.deepEqual(await chatsOf("京東"), []);
    assert.deepEqual(await chatsOf("北开"), []);
    assert.deepEqual(await chatsOf("北京", "开会"), [CHINESE.uuid]);
  });

  test("titles, and Latin words next to CJK characters, are found too", async () => {
    assert.deepEqual(await chatsOf("引っ越し"), [JAPANESE.uuid]);
    assert.deepEqual(await chatsOf("계획"), [KOREAN.uuid]);
    assert.deepEqual(await chatsOf("iphone"), [JAPANESE.uuid]);
    assert.deepEqual(await chatsOf("2杯"), [JAPANESE.uuid]);
  });

  test("snippets show the text as written, the match highlighted as one word", async () => {
    const [hit] = await hits("東京");
    assert.equal(hit?.snippet, "私は東京に住んでいます。");
    const run = await cli(["search", "--dir", root, "東京"], { NO_COLOR: "" }, true);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /\u200b/);
    // One highlight around the whole word, none between its characters.
    const [before, highlighted, rest] = run.stdout.split("\u001b[").slice(-3);
    assert.match(before ?? "", /私は$/);
    assert.match(highlighted ?? "", /^[0-9;]*m東京$/);
    assert.match(rest ?? "", /^[0-9;]*mに住んでいます。/);
    assert.ok(!run.stdout.includes(MARK_START) && !run.stdout.includes(MARK_END));
  });
});
