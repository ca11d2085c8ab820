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
