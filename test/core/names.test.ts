import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chatFileName, chatSlug, orgDirName, uuidFromFileName } from "../../src/core/names.ts";

const U = "48d70be1-f23d-4757-9bcf-9d9d9711a3f6";
const bytes = (text: string): number => Buffer.byteLength(text, "utf8");
const graphemes = (text: string): string[] =>
  [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text)].map((s) => s.segment);

const FAMILY = "👨‍👩‍👧‍👦"; // a ZWJ sequence of 7 code points, 25 bytes
const FLAG = "🇯🇵"; // two regional indicators, 8 bytes

// name → expected slug (`-${U}` appended unless the expected value is the bare uuid).
const CASES: { name: string | null | undefined; slug: string; why: string }[] = [
  {
    name: "Free Indirect Discourse Analysis",
    slug: `Free_Indirect_Discourse_Analysis-${U}`,
    why: "seed README",
  },
  {
    name: "claude@twilligon.com's Organization",
    slug: `claude@twilligon.com's_Organization-${U}`,
    why: "seed README organization",
  },
  { name: "Ryzen Motherboard PS/2 Port Hunt", slug: `Ryzen_Motherboard_PS_2_Port_Hunt-${U}`, why: "slash" },
  { name: "Setting up Node.js", slug: `Setting_up_Node.js-${U}`, why: "dots stay" },
  { name: "v1.2.3 release notes", slug: `v1.2.3_release_notes-${U}`, why: "several dots" },
  { name: "Wait...", slug: `Wait...-${U}`, why: "trailing dots of an uncut name stay, as in the original" },
  { name: "Trailing space ", slug: `Trailing_space_-${U}`, why: "trailing space is mapped like any space" },
  { name: "../../x", slug: `.._.._x-${U}`, why: "path traversal" },
  { name: "..", slug: `..-${U}`, why: "dot-dot" },
  { name: ".", slug: `.-${U}`, why: "dot" },
  { name: ".NET tips", slug: `.NET_tips-${U}`, why: "leading dot kept, as in the original" },
  { name: '<>:"|?*/\\', slug: `_________-${U}`, why: "all reserved characters" },
  { name: "a b\tc\nd\re", slug: `a_b_c_d_e-${U}`, why: "the original's whitespace" },
  { name: "a\u00a0b\u3000c\u2028d\u0085e\u2009f", slug: `a_b_c_d_e_f-${U}`, why: "other Unicode whitespace" },
  { name: "a\u0000b\u001fc\u007fd\u009fe", slug: `a_b_c_d_e-${U}`, why: "control characters" },
  { name: "Cafe\u0301 au lait", slug: `Caf\u00e9_au_lait-${U}`, why: "NFD input is NFC-normalised" },
  { name: "a\ud800b", slug: `a\ufffdb-${U}`, why: "a lone surrogate becomes U+FFFD" },
  { name: "CON", slug: `CON-${U}`, why: "device name is harmless before -uuid" },
  { name: "nul.txt", slug: `nul_.txt-${U}`, why: "device stem before the first dot" },
  { name: "com1.tar.gz", slug: `com1_.tar.gz-${U}`, why: "device stem, several extensions" },
  { name: "LPT¹.md", slug: `LPT¹_.md-${U}`, why: "superscript device" },
  { name: "Console.log tips", slug: `Console.log_tips-${U}`, why: "not a device" },
  { name: "", slug: U, why: "empty name" },
  { name: null, slug: U, why: "null name" },
  { name: undefined, slug: U, why: "no name" },
];

describe("chatSlug", () => {
  for (const { name, slug, why } of CASES) {
    test(`${why}: ${JSON.stringify(name)}`, () => {
      assert.equal(chatSlug(name, U), slug);
      assert.equal(chatFileName(name, U), `${slug}.json`);
      assert.equal(orgDirName(name, U), slug);
    });
  }

  test("300 ASCII characters are cut so the file name is exactly 255 bytes", () => {
    const file = chatFileName("x".repeat(300), U);
    assert.equal(bytes(file), 255);
    assert.equal(file, `${"x".repeat(255 - 5 - 37)}-${U}.json`);
  });

  test("120 CJK characters are cut to the byte budget", () => {
    const file = chatFileName("漢".repeat(120), U);
    assert.equal(file, `${"漢".repeat(71)}-${U}.json`);
    assert.equal(bytes(file), 71 * 3 + 37 + 5);
  });

  test("ZWJ family emoji are never split", () => {
    const slug = chatSlug(FAMILY.repeat(120), U);
    const part = slug.slice(0, -(U.length + 1));
    assert.ok(bytes(`${slug}.json`) <= 255);
    assert.deepEqual(graphemes(part), Array(8).fill(FAMILY));
  });

  test("flags are never split into lone regional indicators", () => {
    const slug = chatSlug(`a${FLAG.repeat(120)}`, U);
    const part = slug.slice(0, -(U.length + 1));
    assert.ok(bytes(`${slug}.json`) <= 255);
    assert.deepEqual(graphemes(part), ["a", ...Array(26).fill(FLAG)]);
  });

  test("dots left at the end by a cut are dropped", () => {
    const name = `${"x".repeat(210)}...${"y".repeat(50)}`;
    assert.equal(chatSlug(name, U), `${"x".repeat(210)}-${U}`);
  });

  test("a single grapheme larger than the budget leaves the bare uuid", () => {
    assert.equal(chatSlug(`e${"\u0301".repeat(200)}`, U), U);
  });

  test("an upper-case uuid is written in lower case, as the original's str(UUID())", () => {
    assert.equal(chatSlug("x", U.toUpperCase()), `x-${U}`);
  });

  test("a uuid that is not a UUID is refused", () => {
    assert.throws(() => chatSlug("x", "../../etc"), TypeError);
    assert.throws(() => chatFileName(null, ".."), TypeError);
  });

  test("every case stays inside its folder, within 255 bytes, and keeps its uuid", () => {
    const names = [
      ...CASES.map((c) => c.name),
      "x".repeat(300),
      "漢".repeat(120),
      FAMILY.repeat(120),
      FLAG.repeat(120),
    ];
    for (const name of names) {
      const file = chatFileName(name, U);
      assert.ok(!/[/\\]/.test(file), file);
      assert.ok(file !== "." && file !== ".." && chatSlug(name, U) !== "." && chatSlug(name, U) !== "..");
      assert.ok(bytes(file) <= 255, file);
      assert.ok(!/[<>:"|?*\p{Cc}]/u.test(file), file);
      assert.equal(uuidFromFileName(file), U);
      assert.equal(uuidFromFileName(orgDirName(name, U)), U);
    }
  });
});

describe("uuidFromFileName", () => {
  const table: [string, string | undefined][] = [
    [`Free_Indirect_Discourse_Analysis-${U}.json`, U],
    [`${U}.json`, U],
    [`claude@twilligon.com's_Organization-${U}`, U],
    [U, U],
    [`x-${U.toUpperCase()}.json`, U],
    ["Setting_up_Node.json", undefined],
    [`x-${U}.json.tmp`, undefined],
    [`x${U}.json`, undefined],
    [".claude-backup-0a1b2c3d4e5f.tmp", undefined],
    ["chat_conversations.json", undefined],
  ];
  for (const [file, uuid] of table) {
    test(file, () => assert.equal(uuidFromFileName(file), uuid));
  }
});
