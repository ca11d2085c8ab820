import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { decompressInterceptor, Pool, ProxyAgent } from "../../src/http/undici-parts.ts";

test("the undici parts are undici's own classes (the paths still exist in the installed version)", async () => {
  const undici = await import("undici");
  assert.equal(Pool, undici.Pool);
  assert.equal(ProxyAgent, undici.ProxyAgent);
  assert.equal(decompressInterceptor, undici.interceptors.decompress);
});

test("the sync command loads no part of undici beyond those (its index costs 12 MB of memory)", () => {
  const script = `
    await import(${JSON.stringify(new URL("../../src/commands/sync.ts", import.meta.url).href)});
    const { createRequire } = await import("node:module");
    const cache = createRequire(import.meta.url).cache;
    const loaded = Object.keys(cache).filter((path) => /undici[\\\\/]index\\.js$/.test(path));
    process.stdout.write(JSON.stringify(loaded));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), []);
});
