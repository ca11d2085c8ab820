import assert from "node:assert/strict";
import { test } from "node:test";
import { buildChatTree, listBranches } from "../../src/core/chat-tree.ts";
import { artifactExtension, planArtifactFiles, safeStem } from "../../src/render/artifact-files.ts";
import { replaceOnce, replayArtifacts } from "../../src/render/artifacts.ts";
import { branchingChat } from "./fixtures.ts";

const branches = listBranches(buildChatTree(branchingChat()));
const replays = branches.map((b) => replayArtifacts(b.path));

test("create then update replays literally: `$&` and `$1` in new_str stay as typed", () => {
  const calc = replays[0]?.artifacts.get("artifact:calc");
  assert.ok(calc);
  assert.equal(calc.content, "def hydration(flour, water):\n    return $& * 100 # $1 $$\n");
  assert.equal(calc.versions.length, 2);
  assert.equal(calc.language, "python");
});

test("an update that does not apply is an event with its reason, and changes nothing", () => {
  const failed = replays[0]?.events.get("toolu_art3");
  assert.deepEqual(
    { ok: failed?.ok, error: failed?.error, version: failed?.version },
    { ok: false, error: "old_str is not in the current version", version: 2 },
  );
});

test("rewrite on another branch replaces the whole content there only", () => {
  assert.equal(replays[1]?.artifacts.get("artifact:calc")?.content, "print('rewritten')\n");
  assert.equal(replays[1]?.events.get("toolu_art4")?.version, 2);
  // The regenerated answer's branch never saw the update.
  assert.equal(replays[2]?.artifacts.get("artifact:calc")?.versions.length, 1);
});

test("create_file and str_replace replay a sandbox file", () => {
  const report = replays[0]?.artifacts.get("file:/mnt/user-data/outputs/report.md");
  assert.equal(report?.content, "# Report\n\nFinal\n");
  assert.equal(report?.title, "report.md");
});

test("replaceOnce replaces the first occurrence only and refuses an empty or missing old_str", () => {
  assert.equal(replaceOnce("a-a-a", "a", "$&$&"), "$&$&-a-a");
  assert.equal(replaceOnce("abc", "", "x"), undefined);
  assert.equal(replaceOnce("abc", "z", "x"), undefined);
});

test("an update of an artifact never created is reported", () => {
  const tree = buildChatTree({
    chat_messages: [
      {
        uuid: "m1",
        sender: "assistant",
        content: [
          {
            type: "tool_use",
            id: "t1",
            name: "artifacts",
            input: { id: "x", command: "update", old_str: "a" },
          },
        ],
      },
    ],
  });
  const replay = replayArtifacts(tree.activePath);
  assert.equal(replay.events.get("t1")?.ok, false);
  assert.match(replay.events.get("t1")?.error ?? "", /never created/);
});

test("artifact files: final per branch, a differing branch final under its own name, versions on request", () => {
  const plan = planArtifactFiles(replays, { versions: false });
  const names = plan.files.map((f) => f.name).sort();
  assert.deepEqual(names, [
    "Hydration_calc (branch 2).py",
    "Hydration_calc (branch 3).py",
    "Hydration_calc.py",
    "report.md",
  ]);
  const withVersions = planArtifactFiles(replays, { versions: true });
  const versioned = withVersions.files.map((f) => f.name).filter((n) => n.includes(".v"));
  assert.deepEqual(versioned.sort(), [
    "Hydration_calc.v1.py",
    "Hydration_calc.v2.py",
    "Hydration_calc.v3.py",
    "report.v1.md",
    "report.v2.md",
  ]);
  const skipped = planArtifactFiles(replays, {
    versions: false,
    skip: new Set(["file:/mnt/user-data/outputs/report.md"]),
  });
  assert.ok(!skipped.files.some((f) => f.name === "report.md"));
});

test("hostile titles make safe names", () => {
  assert.equal(safeStem("../../etc/passwd"), "etc_passwd");
  assert.equal(safeStem(".."), "artifact");
  assert.equal(safeStem("CON"), "_CON");
  assert.equal(safeStem("nul.txt"), "nul_.txt");
  assert.equal(safeStem("a\u0000b\nc"), "a_b_c");
  assert.ok(Buffer.byteLength(safeStem("é".repeat(300))) <= 180);
  assert.equal(safeStem(""), "artifact");
});

test("extensions come from the type, or for code from the language", () => {
  const ext = (type: string, language = "") => artifactExtension({ type, language });
  assert.equal(ext("text/markdown"), "md");
  assert.equal(ext("text/html"), "html");
  assert.equal(ext("image/svg+xml"), "svg");
  assert.equal(ext("application/vnd.ant.react"), "jsx");
  assert.equal(ext("application/vnd.ant.mermaid"), "mermaid");
  assert.equal(ext("application/vnd.ant.code", "python"), "py");
  assert.equal(ext("application/vnd.ant.code", "../x"), "txt");
});
