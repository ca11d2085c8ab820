import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

// http/origin-agent.ts loads node:http through getBuiltinModule because an ES import of it builds its
// namespace, whose WebSocket getter loads Node's bundled undici: 13 MB of resident memory a sync has
// no use for. This fails if any module of the sync brings it back (an `import … from "node:http"`).
test("the backup (commands/back-up.ts) loads neither undici nor Node's bundled copy of it", () => {
  const sync = new URL("../../src/commands/back-up.ts", import.meta.url).href;
  const loaded = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(sync)}); process.stdout.write(JSON.stringify(process.moduleLoadList))`,
    ],
    { encoding: "utf8" },
  );
  const modules = JSON.parse(loaded) as string[];
  assert.ok(modules.includes("NativeModule http"), "node:http itself is loaded");
  assert.deepEqual(
    modules.filter((name) => /undici|websocket/i.test(name)),
    [],
  );
});

// `--help` is answered from the command line's description alone: the sync's ~100 modules (the HTTP
// client among them) are loaded only for a backup (commands/sync.ts).
test("sync --help loads no HTTP client", () => {
  const sync = new URL("../../src/commands/sync.ts", import.meta.url).href;
  const loaded = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const { run } = await import(${JSON.stringify(sync)});
       let help = "";
       await run({ argv: ["--help"], stdout: { write: (text) => { help += text; } }, version: "0" });
       process.stdout.write(JSON.stringify({ help, modules: process.moduleLoadList }))`,
    ],
    { encoding: "utf8" },
  );
  const { help, modules } = JSON.parse(loaded) as { help: string; modules: string[] };
  assert.match(help, /--connections/);
  assert.deepEqual(
    modules.filter((name) => /^NativeModule (http|https|zlib|tls)$/.test(name)),
    [],
  );
});
