import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { StoreError } from "../../src/core/errors.ts";
import {
  CURRENT_FORMAT,
  type Migration,
  migrateStore,
  readFormatVersion,
} from "../../src/store/format-version.ts";

const POSIX = process.platform !== "win32";
const ORG = "organizations/claude@twilligon.com's_Organization-9e9a56fc-6d1c-4d62-a96d-0cff3a473cf0";
const CHAT = `${ORG}/chat_conversations/Fixing_dry_falafel_centers-08217feb-c912-40c2-9d14-f89784d61ab5.json`;

async function tempRoot(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cb-format-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// A folder as the original Python tool leaves it; `version` is what its Store wrote, if anything.
async function originalFolder(root: string, version?: string): Promise<void> {
  await mkdir(join(root, ORG, "chat_conversations"), { recursive: true });
  await writeFile(join(root, "account.json"), '{"uuid":"a"}');
  await writeFile(join(root, CHAT), '{"uuid":"08217feb-c912-40c2-9d14-f89784d61ab5"}');
  if (version !== undefined) await writeFile(join(root, "version"), version);
}

const readVersion = (root: string): Promise<string> => readFile(join(root, "version"), "utf8");
const readFormat = (root: string): Promise<string> =>
  readFile(join(root, ".claude-backup", "format"), "utf8");

// A folder this claude-backup has already set up at `format`.
async function ourFolder(root: string, format: string): Promise<void> {
  await mkdir(join(root, ".claude-backup"), { recursive: true });
  await writeFile(join(root, ".claude-backup", "format"), format);
}

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.code, "STORAGE");
    assert.match(error.message, pattern);
    return true;
  });
}

test("a folder that does not exist yet is new, and is set up at the current format", async (t) => {
  const root = join(await tempRoot(t), "backup");
  assert.equal(await readFormatVersion(root), undefined);
  assert.deepEqual(await migrateStore(root), { from: undefined, to: CURRENT_FORMAT });
  assert.equal(await readFormat(root), `${CURRENT_FORMAT}\n`);
  assert.deepEqual(await readdir(root), [".claude-backup"], "no version file: that one is the original's");
  if (POSIX) {
    assert.equal((await stat(root)).mode & 0o777, 0o700);
    assert.equal((await stat(join(root, ".claude-backup"))).mode & 0o777, 0o700);
    assert.equal((await stat(join(root, ".claude-backup", "format"))).mode & 0o777, 0o600);
  }
});

test("an empty folder (or one holding only our lock) is new", async (t) => {
  const root = await tempRoot(t);
  await mkdir(join(root, ".claude-backup"));
  await writeFile(join(root, ".claude-backup", "lock"), "{}");
  assert.equal(await readFormatVersion(root), undefined);
  assert.deepEqual(await migrateStore(root), { from: undefined, to: 2 });
});

test("the original tool's folder is format 1, with its own version string or without one", async (t) => {
  for (const version of [undefined, "0.1.8\n", "0.1.12\n", "0.2.0rc1\n"]) {
    const root = await tempRoot(t);
    await originalFolder(root, version);
    assert.equal(await readFormatVersion(root), 1, String(version));
    assert.deepEqual(await migrateStore(root), { from: 1, to: 2 });
    assert.equal(await readFormat(root), "2\n");
    if (version === undefined)
      assert.deepEqual((await readdir(root)).sort(), [".claude-backup", "account.json", "organizations"]);
    else assert.equal(await readVersion(root), version);
    assert.equal(await readFile(join(root, CHAT), "utf8"), '{"uuid":"08217feb-c912-40c2-9d14-f89784d61ab5"}');
  }
});

test("the original's version file is never rewritten: the original empties folders whose version it does not know", async (t) => {
  const root = await tempRoot(t);
  await originalFolder(root, "0.1.8\n");
  const past = new Date("2024-05-01T12:00:00Z");
  await utimes(join(root, "version"), past, past);
  const before = await stat(join(root, "version"));
  assert.deepEqual(await migrateStore(root), { from: 1, to: 2 });
  assert.equal(await readVersion(root), "0.1.8\n");
  const after = await stat(join(root, "version"));
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(after.ino, before.ino);
  assert.equal(await readFormat(root), "2\n");
  assert.equal(await readFormatVersion(root), 2);
});

test("a version file left by an early build of claude-backup (an integer) is read as format 1, and kept", async (t) => {
  const root = await tempRoot(t);
  await originalFolder(root, "2\n");
  assert.equal(await readFormatVersion(root), 1);
  assert.deepEqual(await migrateStore(root), { from: 1, to: 2 });
  assert.equal(await readVersion(root), "2\n");
  assert.equal(await readFormat(root), "2\n");
});

test("a folder with only organizations/ (account.json lost) is still the original's", async (t) => {
  const root = await tempRoot(t);
  await mkdir(join(root, "organizations"));
  assert.equal(await readFormatVersion(root), 1);
});

test("a current folder is left alone", async (t) => {
  const root = await tempRoot(t);
  await ourFolder(root, "2\n");
  const before = await stat(join(root, ".claude-backup", "format"));
  assert.equal(await readFormatVersion(root), 2);
  assert.deepEqual(await migrateStore(root), { from: 2, to: 2 });
  const after = await stat(join(root, ".claude-backup", "format"));
  assert.equal(after.ino, before.ino, "not rewritten");
  assert.deepEqual(await readdir(root), [".claude-backup"]);
  assert.deepEqual(await readdir(join(root, ".claude-backup")), ["format"]);
});

test("a folder from a newer claude-backup is refused and left untouched", async (t) => {
  const root = await tempRoot(t);
  await originalFolder(root, "0.1.8\n");
  await ourFolder(root, "3\n");
  assert.equal(await readFormatVersion(root), 3);
  await rejectsWith(
    migrateStore(root),
    /^this backup folder \(.*\) was written by a newer claude-backup \(format 3\); upgrade claude-backup$/,
  );
  assert.equal(await readFormat(root), "3\n");
  assert.equal(await readVersion(root), "0.1.8\n");
  assert.deepEqual((await readdir(root)).sort(), [
    ".claude-backup",
    "account.json",
    "organizations",
    "version",
  ]);
});

test("a version file with something else in it is an error, not a guess", async (t) => {
  const root = await tempRoot(t);
  for (const content of ["hello\n", "0\n", "-1\n", "2.x\n"]) {
    await writeFile(join(root, "version"), content);
    await rejectsWith(
      readFormatVersion(root),
      /version holds ".*", not a format version; is .* a claude-backup folder\?$/,
    );
  }
});

test("a format file with something else in it is an error, whatever the version file says", async (t) => {
  const root = await tempRoot(t);
  await originalFolder(root, "0.1.8\n");
  for (const content of ["hello\n", "0\n", "-1\n", "2.x\n", "0.1.8\n", ""]) {
    await ourFolder(root, content);
    await rejectsWith(
      readFormatVersion(root),
      /[/\\]\.claude-backup[/\\]format holds ".*", not a format version; is .* a claude-backup folder\?$/,
    );
  }
});

test("a version file with garbage is ignored once the format file is there", async (t) => {
  const root = await tempRoot(t);
  await writeFile(join(root, "version"), "hello\n");
  await ourFolder(root, "2\n");
  assert.equal(await readFormatVersion(root), 2);
});

test("a root that is a file is a storage error", async (t) => {
  const root = join(await tempRoot(t), "file");
  await writeFile(root, "");
  await rejectsWith(readFormatVersion(root), /ENOTDIR/);
});

test("a two-step table runs in order, writing the format after each step", async (t) => {
  const root = await tempRoot(t);
  await originalFolder(root);
  const seen: string[] = [];
  const table: Migration[] = [
    {
      from: 2,
      to: 3,
      describe: "second",
      run: async (r) => {
        seen.push(`2→3 at format ${(await readFormat(r)).trim()}`);
      },
    },
    {
      from: 1,
      to: 2,
      describe: "first",
      run: async (r) => {
        seen.push(`1→2 at format ${await readFormatVersion(r)}`);
      },
    },
  ];
  assert.deepEqual(await migrateStore(root, table), { from: 1, to: 3 });
  assert.deepEqual(seen, ["1→2 at format 1", "2→3 at format 2"]);
  assert.equal(await readFormat(root), "3\n");
  assert.deepEqual(await migrateStore(root, table), { from: 3, to: 3 });
  assert.equal(seen.length, 2);
});

test("a step that fails leaves the format of the last finished step, and the next run resumes there", async (t) => {
  const root = await tempRoot(t);
  await originalFolder(root);
  let fail = true;
  const table: Migration[] = [
    { from: 1, to: 2, describe: "first", run: async () => {} },
    {
      from: 2,
      to: 3,
      describe: "second",
      run: async () => {
        if (fail) throw new StoreError("STORAGE", "disk full");
      },
    },
  ];
  await assert.rejects(migrateStore(root, table), /disk full/);
  assert.equal(await readFormat(root), "2\n");
  fail = false;
  assert.deepEqual(await migrateStore(root, table), { from: 2, to: 3 });
});

test("a gap in the table is a bug, reported as such", async (t) => {
  const root = await tempRoot(t);
  await originalFolder(root);
  const table: Migration[] = [{ from: 2, to: 3, describe: "orphan", run: async () => {} }];
  await assert.rejects(migrateStore(root, table), /no migration from backup format 1/);
});
