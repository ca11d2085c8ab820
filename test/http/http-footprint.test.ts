import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

// Runs `script` as an ES module in a fresh Node.js and returns the JSON it writes on stdout.
function runFresh<T>(script: string): T {
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  ) as T;
}

// The sync speaks HTTP/1.1 on its own connections (http/connection.ts); node:http is loaded only for a
// proxy's CONNECT, through getBuiltinModule, because an ES import of it builds its namespace, whose
// WebSocket getter loads Node's bundled undici: 13 MB of resident memory a sync has no use for. This
// fails if any module of the sync brings either back (an `import … from "node:http"`).
test("the backup (commands/back-up.ts) loads neither node:http nor undici nor Node's bundled copy of it", () => {
  const sync = new URL("../../src/commands/back-up.ts", import.meta.url).href;
  const modules = runFresh<string[]>(
    `await import(${JSON.stringify(sync)}); process.stdout.write(JSON.stringify(process.moduleLoadList))`,
  );
  assert.ok(modules.includes("NativeModule net"), "the sockets' module is loaded");
  assert.ok(!modules.includes("NativeModule http"), "node:http is not loaded");
  assert.deepEqual(
    modules.filter((name) => /undici|websocket/i.test(name)),
    [],
  );
});

// `--help` is answered from the command line's description alone: the sync's ~100 modules (the HTTP
// client among them) are loaded only for a backup (commands/sync.ts).
test("sync --help loads no HTTP client", () => {
  const sync = new URL("../../src/commands/sync.ts", import.meta.url).href;
  const { help, modules } = runFresh<{ help: string; modules: string[] }>(
    `const { run } = await import(${JSON.stringify(sync)});
     let help = "";
     await run({ argv: ["--help"], stdout: { write: (text) => { help += text; } }, version: "0" });
     process.stdout.write(JSON.stringify({ help, modules: process.moduleLoadList }))`,
  );
  assert.match(help, /--connections/);
  assert.deepEqual(
    modules.filter((name) => /^NativeModule (http|https|zlib|tls)$/.test(name)),
    [],
  );
});
