import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type TestContext, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { StoreError } from "../../src/core/errors.ts";
import { ensureDir, moveFile, writeFileAtomic } from "../../src/disk/atomic-write.ts";

const POSIX = process.platform !== "win32";
const ROOT = process.getuid?.() === 0;

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cb-atomic-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

// Runs a command, returning false when it is missing or refused (no root, no capability).
function tryRun(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// Asserts that `promise` rejects with a STORAGE StoreError whose message matches `pattern`.
async function rejectsWithStorage(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.code, "STORAGE");
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes("\n"), "one line");
    assert.ok(error.cause instanceof Error);
    return true;
  });
}

test("writes a string and bytes, mode 0600, and leaves no temp file", async (t) => {
  const dir = await tempDir(t);
  await writeFileAtomic(join(dir, "a.json"), '{"name":"Café"}');
  await writeFileAtomic(join(dir, "b.bin"), new Uint8Array([0, 1, 2, 255]));
  assert.equal(await readFile(join(dir, "a.json"), "utf8"), '{"name":"Café"}');
  assert.deepEqual([...(await readFile(join(dir, "b.bin")))], [0, 1, 2, 255]);
  assert.deepEqual((await readdir(dir)).sort(), ["a.json", "b.bin"]);
  if (POSIX) assert.equal(await modeOf(join(dir, "a.json")), 0o600);
});

test("replacing a file keeps mode 0600 even when the old one was 0644", {
  skip: !POSIX && "POSIX modes",
}, async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, "chat.json");
  await writeFile(path, "old");
  await chmod(path, 0o644);
  await writeFileAtomic(path, "new");
  assert.equal(await readFile(path, "utf8"), "new");
  assert.equal(await modeOf(path), 0o600);
});

test("a umask that removes the owner's write bit still yields 0600", {
  skip: !POSIX && "POSIX modes",
}, async (t) => {
  const dir = await tempDir(t);
  const old = process.umask(0o277);
  try {
    await writeFileAtomic(join(dir, "x.json"), "x");
  } finally {
    process.umask(old);
  }
  assert.equal(await modeOf(join(dir, "x.json")), 0o600);
});

test("sets atime and mtime when asked", async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, "chat.json");
  const mtime = new Date("2024-05-01T12:34:56.789Z");
  await writeFileAtomic(path, "{}", { mtime });
  const info = await stat(path);
  assert.equal(info.mtimeMs, mtime.getTime());
  assert.equal(info.atimeMs, mtime.getTime());
});

test("concurrent writes to one file end with one complete version and no temp files", async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, "list.json");
  const versions = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, pad: "x".repeat(10_000) }));
  await Promise.all(versions.map((v) => writeFileAtomic(path, v)));
  assert.ok(versions.includes(await readFile(path, "utf8")));
  assert.deepEqual(await readdir(dir), ["list.json"]);
});

test("a path under a file fails with a clear message and leaves nothing behind", async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, "file"), "");
  await rejectsWithStorage(
    writeFileAtomic(join(dir, "file", "chat.json"), "{}"),
    /^cannot write .*file[/\\]chat\.json: a part of the path is a file, not a folder \(ENOTDIR\)$/,
  );
  assert.deepEqual(await readdir(dir), ["file"]);
});

test("a missing folder fails with ENOENT in words", async (t) => {
  const dir = await tempDir(t);
  await rejectsWithStorage(
    writeFileAtomic(join(dir, "nope", "chat.json"), "{}"),
    /cannot write .*chat\.json: a folder on the way does not exist \(ENOENT\)/,
  );
});

test("a name longer than the file system allows fails with ENAMETOOLONG in words", async (t) => {
  const dir = await tempDir(t);
  await rejectsWithStorage(
    writeFileAtomic(join(dir, `${"x".repeat(256)}.json`), "{}"),
    /too long.*\(ENAMETOOLONG\)/,
  );
  assert.deepEqual(await readdir(dir), []);
});

test("a read-only folder fails with 'permission denied'", {
  skip: (!POSIX && "POSIX modes") || (ROOT && "running as root, where permission bits do not bind"),
}, async (t) => {
  const dir = await tempDir(t);
  const locked = join(dir, "ro");
  await mkdir(locked, { mode: 0o500 }); // empty, so the temp folder can still be removed
  await rejectsWithStorage(writeFileAtomic(join(locked, "chat.json"), "{}"), /permission denied \(EACCES\)/);
});

test("a full disk keeps the old file, removes the temp file and says so", async (t) => {
  if (process.platform !== "linux" || !ROOT) return t.skip("needs root on Linux to mount a tiny tmpfs");
  const dir = await tempDir(t);
  const disk = join(dir, "disk");
  await mkdir(disk);
  if (!tryRun("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk])) {
    return t.skip("cannot mount a tmpfs here");
  }
  try {
    const path = join(disk, "chat.json");
    await writeFileAtomic(path, "old");
    await rejectsWithStorage(
      writeFileAtomic(path, "x".repeat(1024 * 1024)),
      /^cannot write .*chat\.json: the disk is full \(ENOSPC\)$/,
    );
    assert.equal(await readFile(path, "utf8"), "old");
    assert.deepEqual(await readdir(disk), ["chat.json"]);
  } finally {
    tryRun("umount", [disk]);
  }
});

// An immutable target makes rename() fail with EPERM even for root, like a file an antivirus holds
// open on Windows. The caller must clear the flag (chattr -i) before the folder is removed.
async function immutableTarget(t: TestContext): Promise<string | undefined> {
  if (process.platform !== "linux" || !ROOT) return undefined;
  const dir = await tempDir(t);
  const path = join(dir, "chat.json");
  await writeFile(path, "old");
  return tryRun("chattr", ["+i", path]) ? path : undefined;
}

test("a rename refused for a moment (EPERM) is retried and succeeds", async (t) => {
  const path = await immutableTarget(t);
  if (!path) return t.skip("needs root on Linux and chattr to make a busy target");
  const writing = writeFileAtomic(path, "new");
  await sleep(120);
  tryRun("chattr", ["-i", path]);
  await writing;
  assert.equal(await readFile(path, "utf8"), "new");
  assert.equal((await readdir(dirname(path))).length, 1);
});

test("a rename refused for good fails after a few retries and cleans up", async (t) => {
  const path = await immutableTarget(t);
  if (!path) return t.skip("needs root on Linux and chattr to make a busy target");
  const started = Date.now();
  try {
    await rejectsWithStorage(writeFileAtomic(path, "new"), /^cannot write .*chat\.json: .*\(EPERM\)$/);
  } finally {
    tryRun("chattr", ["-i", path]);
  }
  assert.ok(Date.now() - started >= 700, "retried with delays");
  assert.equal(await readFile(path, "utf8"), "old");
  assert.deepEqual(await readdir(dirname(path)), ["chat.json"]);
});

test("ensureDir creates missing folders with mode 0700 and keeps an existing folder's mode", async (t) => {
  const dir = await tempDir(t);
  await ensureDir(join(dir, "a", "b", "c"));
  await ensureDir(join(dir, "a", "b", "c"));
  if (POSIX) {
    for (const sub of ["a", "a/b", "a/b/c"]) assert.equal(await modeOf(join(dir, sub)), 0o700, sub);
    await chmod(join(dir, "a"), 0o750);
    await ensureDir(join(dir, "a", "d"));
    assert.equal(await modeOf(join(dir, "a")), 0o750);
    assert.equal(await modeOf(join(dir, "a", "d")), 0o700);
  }
});

test("ensureDir says which file is in the way", async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, "file"), "");
  await rejectsWithStorage(
    ensureDir(join(dir, "file")),
    /^cannot create the folder .*file: a file of that name/,
  );
  await rejectsWithStorage(ensureDir(join(dir, "file", "sub")), /a part of the path is a file.*\(ENOTDIR\)$/);
});

test("moveFile renames files and folders, replacing a file at the target", async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, "Old-name.json"), "chat");
  await writeFile(join(dir, "New-name.json"), "stale");
  await moveFile(join(dir, "Old-name.json"), join(dir, "New-name.json"));
  assert.deepEqual(await readdir(dir), ["New-name.json"]);
  assert.equal(await readFile(join(dir, "New-name.json"), "utf8"), "chat");
  await mkdir(join(dir, "org-a"));
  await moveFile(join(dir, "org-a"), join(dir, "org-b"));
  assert.ok((await stat(join(dir, "org-b"))).isDirectory());
});

test("moveFile of a missing file names both paths and the reason", async (t) => {
  const dir = await tempDir(t);
  await rejectsWithStorage(
    moveFile(join(dir, "gone.json"), join(dir, "new.json")),
    /^cannot move .*gone\.json to .*new\.json: .*\(ENOENT\)$/,
  );
});
