import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// The layers of src/ and what each may import (README, "Design"). Data flows one way:
// cli → commands → sync / import / read-only features → api / archive / store → http → core.
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

// The folders of read-only features: they read the backup through archive/ only.
const READ_ONLY = ["render", "search", "export", "verify", "serve"];

const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  disk: ["core"], // atomic writes and private modes: for the archive writer and for rendered output
  http: ["core"],
  api: ["core", "http"],
  auth: ["core"],
  archive: ["core"],
  store: ["core", "disk", "archive"],
  ui: ["core", "sync"], // the reporter shows what a sync tells (sync/events.ts); sync never imports ui
  sync: ["core", "disk", "api", "http", "archive", "store"],
  import: ["core", "disk", "archive", "store"],
  render: ["core", "disk", "archive"],
  search: ["core", "disk", "archive", "render"],
  export: ["core", "disk", "archive", "render"],
  verify: ["core", "archive"],
  serve: ["core", "archive", "render", "search"],
  commands: [
    "core",
    "disk",
    "http",
    "api",
    "auth",
    "archive",
    "store",
    "ui",
    "sync",
    "import",
    "render",
    "search",
    "export",
    "verify",
    "serve",
  ],
  // src/cli.ts, src/main.ts and src/version-check.ts
  top: ["core", "commands", "ui", "top"],
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (path.endsWith(".ts")) out.push(path);
  }
  return out;
}

function layerOf(path: string): string {
  const [first, second] = relative(SRC, path).split(/[\\/]/);
  return second === undefined ? "top" : (first ?? "top");
}

// Every relative import of every source file, static or dynamic, as [from file, to file].
function imports(): [string, string][] {
  const edges: [string, string][] = [];
  for (const file of walk(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      const spec = match[1];
      if (spec) edges.push([file, resolve(dirname(file), spec)]);
    }
  }
  return edges;
}

test("every layer imports only the layers below it", () => {
  const edges = imports();
  assert.ok(edges.length > 100, "the scan found the imports");
  const wrong = edges
    .filter(([from, to]) => {
      const a = layerOf(from);
      const b = layerOf(to);
      return a !== b && !(ALLOWED[a] ?? []).includes(b);
    })
    .map(([from, to]) => `${relative(SRC, from)} -> ${relative(SRC, to)}`);
  assert.deepEqual(wrong, []);
});

test("every folder of src/ has a place in the layer table", () => {
  const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
  assert.deepEqual(
    folders.filter((name) => !(name in ALLOWED)),
    [],
  );
});

test("read-only features never import the writer, the sync or the network", () => {
  const forbidden = ["store", "sync", "api", "http", "auth", "import", "commands"];
  for (const feature of READ_ONLY) {
    assert.ok(
      !forbidden.some((layer) => ALLOWED[feature]?.includes(layer)),
      `${feature} may not import ${forbidden.join(", ")}`,
    );
  }
});

test("the layer rule itself catches a wrong import", () => {
  // A guard against a test that passes because it sees nothing: a made-up edge from core to sync.
  const a = layerOf(join(SRC, "core", "x.ts"));
  const b = layerOf(join(SRC, "sync", "y.ts"));
  assert.equal(a, "core");
  assert.equal(b, "sync");
  assert.ok(!(ALLOWED[a] ?? []).includes(b));
});
