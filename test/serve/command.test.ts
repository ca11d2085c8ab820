import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli, startCli, tempDir } from "../helpers/run-cli.ts";
import { addSpecialChats } from "./fixture.ts";
import { get } from "./http-helpers.ts";

test("serve --help prints the options and exits 0", async () => {
  const result = await runCli(["serve", "--help"]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /usage: claude-backup serve \[--dir DIR\] \[--port N\] \[--open\]/);
});

test("bad input is one line and exit code 2", async () => {
  const folder = await tempDir();
  try {
    for (const args of [["--port", "70000"], ["--port", "web"], ["--bogus"], ["--dir", folder.path]]) {
      const result = await runCli(["serve", ...args], { env: { HOME: folder.path } });
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, /^claude-backup: .+\n/);
    }
  } finally {
    await folder.cleanup();
  }
});

test("serve prints the URL on stdout, serves, and Ctrl-C stops it with exit 0", async () => {
  const folder = await tempDir();
  try {
    await addSpecialChats(folder.path);
    const { child, done } = startCli(["serve", "--dir", folder.path], { env: { HOME: folder.path } });
    const url = await new Promise<string>((resolve) => {
      let text = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("\n")) resolve(text.trim());
      });
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    assert.equal((await get(url)).status, 303);
    child.kill("SIGINT");
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /serving .* read-only at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C stops it\)/);
    assert.equal(result.stdout.trim(), url, "nothing but the URL on stdout");
  } finally {
    await folder.cleanup();
  }
});
