import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startFakeClaude } from "../fake-claude/server.ts";
import { assertMatchesServer } from "../helpers/match-server.ts";
import { tempDir } from "../helpers/run-cli.ts";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
// npm and npx of this Node 24 (node_modules/.bin/node), which the tests run under.
const NODE_BIN = dirname(process.execPath);
const PATH = `${NODE_BIN}:${process.env.PATH ?? ""}`;
const npm = (args: string[], cwd: string) =>
  run("npm", [...args, "--no-update-notifier"], { cwd, env: { ...process.env, PATH }, maxBuffer: 64 << 20 });

// What the package holds besides dist/.
const TOP_FILES = ["LICENSE", "README.md", "package.json"];

test("the files list publishes dist/, README.md, LICENSE and package.json only", async () => {
  const { stdout } = await npm(["pack", "--dry-run", "--json", "--ignore-scripts"], REPO);
  const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
  assert.ok(pack);
  const paths = pack.files.map((f) => f.path);
  for (const top of TOP_FILES) assert.ok(paths.includes(top), `${top} is not in the package`);
  const strays = paths.filter((p) => !TOP_FILES.includes(p) && !p.startsWith("dist/"));
  assert.deepEqual(strays, [], "only dist/ and the top files may be published");
});

// The package as a user gets it: a fresh build packed into a tarball, installed into an empty folder
// outside the repository (so nothing from the repository's node_modules or src/ can help), then run.
test("the packed tarball installs and runs: --version, --help, completion, and a real sync", {
  timeout: 180_000,
}, async (t) => {
  const work = await tempDir("claude-backup-pack-");
  t.after(() => work.cleanup());
  const stage = join(work.path, "stage");
  await mkdir(stage);
  for (const top of TOP_FILES) await copyFile(join(REPO, top), join(stage, top));
  // Type errors are `npm run typecheck`'s to report (npm test runs it first); tsc still writes the
  // JavaScript, and this test is about what that JavaScript does once packed.
  const tsc = [
    join(REPO, "node_modules/typescript/bin/tsc"),
    "-p",
    "tsconfig.build.json",
    "--outDir",
    join(stage, "dist"),
  ];
  await run(process.execPath, tsc, { cwd: REPO }).catch((error: { stdout?: string }) =>
    t.diagnostic(`tsc reported errors (the package was still built):\n${error.stdout ?? error}`),
  );

  const packed = await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work.path], stage);
  const [pack] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  assert.ok(pack);
  const expected = [
    ...TOP_FILES,
    ...(await sources(join(REPO, "src"))).map((p) => `dist/${p.replace(/\.ts$/, ".js")}`),
  ];
  assert.deepEqual(pack.files.map((f) => f.path).sort(), expected.sort());

  const app = join(work.path, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  try {
    await npm(
      ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work.path, pack.filename)],
      app,
    );
  } catch (error) {
    const text = String((error as { stderr?: string }).stderr ?? error);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|network/i.test(text)) {
      t.skip(
        `the npm registry is unreachable, so the tarball's dependencies cannot be installed: ${text.split("\n")[0]}`,
      );
      return;
    }
    throw error;
  }

  const home = join(work.path, "home");
  await mkdir(home);
  const bin = join(app, "node_modules/.bin/claude-backup");
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(bin, args, { cwd: app, env: { PATH, HOME: home, NO_COLOR: "1", ...env }, timeout: 60_000 });

  const version = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")).version as string;
  assert.equal((await cli(["--version"])).stdout, `claude-backup ${version}\n`);
  const help = (await cli(["--help"])).stdout;
  assert.match(help, /^usage: claude-backup/);
  assert.match(help, /commands \(claude-backup <command> --help for each\):/);
  assert.match(
    (await cli(["completion", "bash"])).stdout,
    /complete -o filenames -F _claude_backup claude-backup/,
  );

  const fake = await startFakeClaude({ organizations: 2, chatsPerOrg: 6, seed: 11 });
  t.after(() => fake.close());
  const backup = join(work.path, "backup");
  const synced = await cli([backup, "-s", "0"], {
    CLAUDE_BACKUP_BASE_URL: fake.url,
    CLAUDE_SESSION_KEY: fake.sessionKey,
  });
  assert.match(synced.stderr, /saved|new/i);
  await assertMatchesServer(fake, backup);
});

// Every .ts file under `dir`, relative to it.
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}
