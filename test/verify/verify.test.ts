import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  chmod,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  truncate,
  writeFile,
} from "node:fs/promises";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { EXIT_CODES } from "../../src/core/errors.ts";
import { blobPath, manifestFileOf } from "../../src/core/layout.ts";
import { acquireLock } from "../../src/store/lock.ts";
import { FAST } from "../helpers/match-server.ts";
import { runCli, tempDir } from "../helpers/run-cli.ts";
import { useScenario } from "../helpers/scenario.ts";
import { addStoredFiles, copyBackup, type Fixture, snapshot, verify, verifyJson } from "./fixture.ts";

const posix = process.platform !== "win32";

// One way of damaging a backup, and the problems verify must then report.
interface Damage {
  name: string;
  apply(f: Fixture): Promise<{ kind: string; path: string }[]>;
}

const chat = (f: Fixture, i: number) => {
  const found = f.chats[i];
  assert.ok(found, `chat ${i}`);
  return found;
};
const stored = (f: Fixture, i: number) => {
  const found = f.stored[i];
  assert.ok(found, `stored file ${i}`);
  return found;
};

const DAMAGES: Damage[] = [
  {
    name: "a truncated chat JSON",
    apply: async (f) => {
      const { path, size } = { path: chat(f, 3).path, size: (await stat(chat(f, 3).path)).size };
      await truncate(path, Math.floor(size / 2));
      return [{ kind: "bad-chat", path }];
    },
  },
  {
    name: "a chat file renamed to another uuid",
    apply: async (f) => {
      const to = join(f.orgDir, "chat_conversations", `Renamed-${randomUUID()}.json`);
      await rename(chat(f, 4).path, to);
      return [{ kind: "uuid-mismatch", path: to }];
    },
  },
  {
    name: "a chat held in two files",
    apply: async (f) => {
      const copy = join(f.orgDir, "chat_conversations", `zz-old-name-${chat(f, 5).uuid}.json`);
      await writeFile(copy, await readFile(chat(f, 5).path), { mode: 0o600 });
      return [{ kind: "duplicate-chat", path: copy }];
    },
  },
  {
    name: "a flipped byte in a stored file (its hard link shares the damage)",
    apply: async (f) => {
      const { blob, link } = stored(f, 0);
      const handle = await open(blob, "r+");
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, 10);
      byte[0] = (byte[0] ?? 0) ^ 0xff;
      await handle.write(byte, 0, 1, 10);
      await handle.close();
      return [
        { kind: "damaged-file", path: blob },
        { kind: "bad-link", path: link },
      ];
    },
  },
  {
    name: "a stored file deleted (its link deleted too)",
    apply: async (f) => {
      const { blob, link } = stored(f, 1);
      await rm(blob);
      await rm(link);
      return [{ kind: "missing-file", path: blob }];
    },
  },
  {
    name: "a stray temp file",
    apply: async (f) => {
      const path = join(f.orgDir, "chat_conversations", ".claude-backup-0123abcd.tmp");
      await writeFile(path, "{", { mode: 0o600 });
      return [{ kind: "temp-file", path }];
    },
  },
  {
    name: "a bad manifest",
    apply: async (f) => {
      const path = manifestFileOf(f.orgDir, chat(f, 6).uuid);
      await writeFile(path, "[{", { mode: 0o600 });
      return [{ kind: "bad-manifest", path }];
    },
  },
  {
    name: "a damaged chat list and account.json",
    apply: async (f) => {
      const list = join(f.orgDir, "chat_conversations.json");
      await writeFile(list, '{"not": "a list"}');
      await writeFile(join(f.root, "account.json"), "");
      return [
        { kind: "bad-list", path: list },
        { kind: "bad-account", path: join(f.root, "account.json") },
      ];
    },
  },
  ...(posix
    ? [
        {
          name: "a file others can read and a folder others can list",
          apply: async (f: Fixture) => {
            await chmod(chat(f, 7).path, 0o644);
            const dir = join(f.orgDir, "chat_conversations");
            await chmod(dir, 0o755);
            return [
              { kind: "open-permissions", path: chat(f, 7).path },
              { kind: "open-permissions", path: dir },
            ];
          },
        },
      ]
    : []),
];

// The (kind, path) pairs of a report, sorted, for comparing with what a damage promised.
const pairs = (problems: readonly { kind: string; path: string }[]) =>
  problems.map((p) => `${p.kind} ${p.path}`).sort();

describe("claude-backup verify", () => {
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 12, seed: 11 });
  // Each test damages its own copy of one synced backup.
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  const fresh = async (): Promise<Fixture> => {
    const dir = await tempDir("claude-backup-verify-");
    cleanups.push(dir.cleanup);
    const root = join(dir.path, "backup");
    await copyBackup(scenario.backup, root);
    return addStoredFiles(root);
  };

  before(async () => {
    // Stored files are written by hand (fixture.ts), so these tests do not depend on what the fake serves.
    const result = await runCli([scenario.backup, ...FAST, "--no-files"], { env: scenario.env });
    assert.equal(result.code, 0, result.stderr);
  });

  test("a backup made by a real sync, with stored files, verifies clean and is left unchanged", async () => {
    const f = await fresh();
    const before = await snapshot(f.root);
    const result = await verify(f.root);
    assert.equal(result.code, EXIT_CODES.ok, result.stdout + result.stderr);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^verify: 12 chats, 2 files checked; no problems\n$/);
    assert.deepEqual(await snapshot(f.root), before);
  });

  for (const damage of DAMAGES) {
    test(`finds ${damage.name}`, async () => {
      const f = await fresh();
      const expected = await damage.apply(f);
      const result = await verify(f.root);
      assert.equal(result.code, EXIT_CODES.damaged, result.stderr);
      const lines = result.stdout.trimEnd().split("\n");
      const found = lines.map((line) => line.split("\t")).map(([kind = "", path = ""]) => ({ kind, path }));
      assert.deepEqual(pairs(found), pairs(expected), result.stdout);
      for (const line of lines) assert.equal(line.split("\t").length, 3, line);
      assert.match(
        result.stderr,
        new RegExp(`^verify: 1[23] chats, [12] files? checked; ${expected.length} problems? \\(`, "m"),
      );
      const json = await verifyJson(f.root);
      assert.equal(json.code, EXIT_CODES.damaged);
      assert.deepEqual(pairs(json.report.problems), pairs(expected));
      assert.equal(json.report.counts.problems, expected.length);
    });
  }

  test("finds every damage at once; --repair fixes what it can and a second verify lists only the rest", async () => {
    const f = await fresh();
    const expected = [];
    for (const damage of DAMAGES) expected.push(...(await damage.apply(f)));
    const first = await verifyJson(f.root);
    assert.equal(first.code, EXIT_CODES.damaged);
    assert.deepEqual(pairs(first.report.problems), pairs(expected));
    assert.equal(first.report.checked.chats, 13);
    assert.equal(first.report.checked.files, 1);

    const repaired = await verifyJson(f.root, "--repair");
    assert.equal(repaired.code, EXIT_CODES.damaged, "what only a sync or a person can fix is left");
    const fixedByRepair = ["damaged-file", "bad-link", "temp-file", "open-permissions"];
    assert.deepEqual(
      pairs(repaired.report.repaired ?? []),
      pairs(expected.filter((p) => fixedByRepair.includes(p.kind))),
    );
    const left = [
      ...expected.filter((p) => !fixedByRepair.includes(p.kind)),
      // The damaged stored file is gone now: missing, for the next sync to fetch.
      { kind: "missing-file", path: stored(f, 0).blob },
    ];
    const again = await verifyJson(f.root);
    assert.deepEqual(pairs(again.report.problems), pairs(left));
    for (const problem of again.report.problems) assert.notEqual(problem.fix, "repair", problem.path);
    const bySync = again.report.problems.filter((p) => p.fix === "sync").map((p) => p.kind);
    assert.deepEqual(bySync.sort(), [
      "bad-account",
      "bad-list",
      "duplicate-chat",
      "missing-file",
      "missing-file",
    ]);
    if (posix) assert.equal((await stat(join(f.orgDir, "chat_conversations"))).mode & 0o777, 0o700);
  });

  test("--repair links a deleted stored file back from its hard link, which still holds the bytes", async () => {
    const f = await fresh();
    const { blob, link, sha256 } = stored(f, 0);
    await rm(blob);
    const first = await verifyJson(f.root);
    assert.deepEqual(pairs(first.report.problems), [`missing-file ${blob}`]);
    assert.equal(first.report.problems[0]?.fix, "repair");
    const result = await verify(f.root, "--repair");
    assert.equal(result.code, EXIT_CODES.ok, result.stdout + result.stderr);
    assert.match(result.stderr, /repaired 1 missing-file/);
    assert.equal((await stat(blob)).ino, (await stat(link)).ino);
    assert.ok((await readFile(blob)).length > 0 && sha256.length === 64);
  });

  test("--repair leaves temp files alone while a sync holds the lock", async () => {
    const f = await fresh();
    const temp = join(f.orgDir, ".claude-backup-0123abcd.tmp");
    await writeFile(temp, "x", { mode: 0o644 });
    const lock = await acquireLock(f.root);
    try {
      const result = await verify(f.root, "--repair");
      assert.equal(result.code, EXIT_CODES.damaged);
      assert.match(result.stderr, /a sync is running/);
      assert.equal(
        result.stdout,
        `temp-file\t${temp}\tleft by a claude-backup that stopped while writing; --repair removes it when no sync is running\n`,
      );
      if (posix) assert.equal((await stat(temp)).mode & 0o777, 0o600, "its mode is still made private");
    } finally {
      await lock.release();
    }
    assert.equal((await verify(f.root, "--repair")).code, EXIT_CODES.ok);
    await assert.rejects(stat(temp));
  });

  test("names full of control characters are printed harmlessly", async () => {
    const f = await fresh();
    const path = join(f.orgDir, "chat_conversations", `\u001b[31mred\u009b\n-${randomUUID()}.json`);
    await writeFile(path, "not json", { mode: 0o600 });
    const result = await verify(f.root);
    assert.equal(result.code, EXIT_CODES.damaged);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    assert.doesNotMatch(result.stdout.trimEnd(), /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
    assert.equal(result.stdout.trimEnd().split("\n").length, 1);
    const json = await verify(f.root, "--json");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    assert.doesNotMatch(json.stdout.trimEnd(), /[\u0000-\u001f\u007f-\u009f]/);
    assert.equal((JSON.parse(json.stdout) as { problems: { path: string }[] }).problems[0]?.path, path);
  });
});

describe("verify on hostile and unusual content", () => {
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 4, seed: 5 });
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  const fresh = async (): Promise<Fixture> => {
    const dir = await tempDir("claude-backup-verify-");
    cleanups.push(dir.cleanup);
    await copyBackup(scenario.backup, join(dir.path, "backup"));
    return addStoredFiles(join(dir.path, "backup"));
  };
  before(async () => {
    // Stored files are written by hand (fixture.ts), so these tests do not depend on what the fake serves.
    const result = await runCli([scenario.backup, ...FAST, "--no-files"], { env: scenario.env });
    assert.equal(result.code, 0, result.stderr);
  });

  test("a uuid in upper case in the file name is the same chat", async () => {
    const f = await fresh();
    const { path, uuid } = chat(f, 2);
    await rename(path, path.replace(uuid, uuid.toUpperCase()));
    const result = await verify(f.root);
    assert.equal(result.code, EXIT_CODES.ok, result.stdout);
  });

  test("a manifest whose hash or link would leave the folder is refused, and nothing outside is read", async () => {
    const f = await fresh();
    const path = manifestFileOf(f.orgDir, chat(f, 2).uuid);
    const base = { key: "k", variant: "preview", fileName: "x", status: "ok" };
    await writeFile(
      path,
      JSON.stringify([
        { ...base, sha256: "../../../../etc/passwd" },
        { ...base, sha256: stored(f, 0).sha256, link: "../../../../outside" },
        { ...base, status: "gone" },
      ]),
      { mode: 0o600 },
    );
    const { code, report } = await verifyJson(f.root);
    assert.equal(code, EXIT_CODES.damaged);
    assert.deepEqual(pairs(report.problems), [`bad-manifest ${path}`]);
    assert.match(report.problems[0]?.detail ?? "", /entry 0 is ok but has no valid sha256 \(and 1 more\)/);
  });

  test("a link that is a different file is linked again by --repair; a stray file is reported", async () => {
    const f = await fresh();
    const { link, blob } = stored(f, 1);
    await rm(link);
    await writeFile(link, "something else entirely", { mode: 0o600 });
    const stray = join(f.root, "files", "sha256", "ab", "not-a-hash");
    await mkdir(join(stray, ".."), { recursive: true, mode: 0o700 });
    await writeFile(stray, "?", { mode: 0o600 });
    const first = await verifyJson(f.root);
    assert.deepEqual(pairs(first.report.problems), [`bad-link ${link}`, `stray-file ${stray}`].sort());
    const repaired = await verify(f.root, "--repair");
    assert.equal(repaired.code, EXIT_CODES.damaged, "the stray file is left for a person");
    assert.equal(repaired.stdout.split("\t")[0], "stray-file");
    assert.equal((await stat(link)).ino, (await stat(blob)).ino);
  });

  test("a file verify cannot read is reported as unreadable", {
    skip: process.getuid?.() === 0 || !posix,
  }, async () => {
    const f = await fresh();
    await chmod(chat(f, 1).path, 0o200);
    const { report } = await verifyJson(f.root);
    assert.deepEqual(pairs(report.problems), [`unreadable ${chat(f, 1).path}`]);
  });
});

describe("verify after a real sync that stores files", () => {
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 12, seed: 11, files: true, projects: 2 });

  test("is clean; a damaged stored file is found, removed by --repair, and fetched again by the next sync", async () => {
    const { backup, env } = scenario;
    const synced = await runCli([backup, ...FAST], { env });
    assert.equal(synced.code, 0, synced.stderr);
    const clean = await verifyJson(backup);
    assert.equal(clean.code, EXIT_CODES.ok, JSON.stringify(clean.report.problems));
    assert.ok(clean.report.checked.files > 0 && clean.report.checked.manifests > 0, "the sync stored files");

    const [org] = await readdir(join(backup, "organizations"));
    assert.ok(org);
    const manifests = join(backup, "organizations", org, "file_manifests");
    const [first] = (await readdir(manifests)).sort();
    assert.ok(first);
    const entries = JSON.parse(await readFile(join(manifests, first), "utf8")) as { sha256?: string }[];
    const sha256 = entries.find((e) => e.sha256)?.sha256;
    assert.ok(sha256);
    const blob = blobPath(backup, sha256);
    const bytes = await readFile(blob);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    await writeFile(blob, bytes);

    const damaged = await verifyJson(backup);
    assert.equal(damaged.code, EXIT_CODES.damaged);
    const kinds = new Set(damaged.report.problems.map((p) => p.kind));
    assert.deepEqual([...kinds].sort(), ["bad-link", "damaged-file"]);
    assert.ok(damaged.report.problems.some((p) => p.kind === "damaged-file" && p.path === blob));

    const repaired = await verifyJson(backup, "--repair");
    assert.deepEqual(pairs(repaired.report.problems), [`missing-file ${blob}`]);
    assert.equal(repaired.report.problems[0]?.fix, "sync");
    const again = await runCli([backup, ...FAST], { env });
    assert.equal(again.code, 0, again.stderr);
    const after = await verifyJson(backup);
    assert.equal(after.code, EXIT_CODES.ok, JSON.stringify(after.report.problems));
  });
});

describe("verify checks projects as it checks chats", () => {
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 6, seed: 11, files: true, projects: 2 });

  // The project folder whose manifest names a stored file, and that file's entry.
  const projectWithFile = async (backup: string) => {
    const [org] = await readdir(join(backup, "organizations"));
    assert.ok(org);
    const projects = join(backup, "organizations", org, "projects");
    for (const name of (await readdir(projects)).sort()) {
      const dir = join(projects, name);
      const manifest = join(dir, "file_manifest.json");
      const text = await readFile(manifest, "utf8").catch(() => undefined);
      const entry = text
        ? (JSON.parse(text) as { sha256?: string; link?: string }[]).find((e) => e.link)
        : undefined;
      if (entry?.sha256 && entry.link) {
        return { dir, manifest, sha256: entry.sha256, link: join(dir, "files", entry.link) };
      }
    }
    throw new Error("the fake served no project with a stored file");
  };

  test("a project's lost link, lost content and damaged JSON are found; --repair links, a full scan fetches", async () => {
    const { backup, env } = scenario;
    const synced = await runCli([backup, ...FAST], { env });
    assert.equal(synced.code, 0, synced.stderr);
    const clean = await verifyJson(backup);
    assert.equal(clean.code, EXIT_CODES.ok, JSON.stringify(clean.report.problems));
    const project = await projectWithFile(backup);
    const chatManifests = (await readdir(join(dirname(dirname(project.dir)), "file_manifests"))).length;
    assert.equal(clean.report.checked.manifests, chatManifests + 1, "the project's manifest is counted");

    // A lost link and a damaged project.json.
    await rm(project.link);
    const projectJson = join(project.dir, "project.json");
    await writeFile(projectJson, "{");
    const found = await verifyJson(backup);
    assert.equal(found.code, EXIT_CODES.damaged);
    assert.deepEqual(pairs(found.report.problems), [
      `bad-json ${projectJson}`,
      `missing-link ${project.link}`,
    ]);
    const badJson = found.report.problems.find((p) => p.kind === "bad-json");
    assert.equal(badJson?.fix, "sync");
    assert.match(badJson?.detail ?? "", /full scan.*--full-scan/);
    const repaired = await verifyJson(backup, "--repair");
    assert.deepEqual(pairs(repaired.report.problems), [`bad-json ${projectJson}`]);
    assert.equal((await stat(project.link)).ino, (await stat(blobPath(backup, project.sha256))).ino);

    // The stored content gone, its link with it: only the project's fetch brings it back.
    await rm(blobPath(backup, project.sha256));
    await rm(project.link);
    const lost = await verifyJson(backup);
    const missing = lost.report.problems.find((p) => p.kind === "missing-file");
    assert.equal(missing?.path, blobPath(backup, project.sha256));
    assert.equal(missing?.fix, "sync");
    assert.match(missing?.detail ?? "", /file_manifest\.json.*--full-scan/);
    const full = await runCli([backup, ...FAST, "--full-scan"], { env });
    assert.equal(full.code, 0, full.stderr);
    const after = await verifyJson(backup);
    assert.equal(after.code, EXIT_CODES.ok, JSON.stringify(after.report.problems));
  });
});
