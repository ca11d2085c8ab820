import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { type TestContext, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { StoreError } from "../../src/core/errors.ts";
import { acquireLock, type Lock } from "../../src/store/lock.ts";

const LOCK_MODULE = fileURLToPath(new URL("../../src/store/lock.ts", import.meta.url));
const HOST = hostname();

async function tempRoot(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cb-lock-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const lockPath = (root: string): string => join(root, ".claude-backup", "lock");

// Plants a lock file as another process would have left it.
async function plant(root: string, content: string, mtime?: Date): Promise<void> {
  await mkdir(join(root, ".claude-backup"), { recursive: true });
  await writeFile(lockPath(root), content);
  if (mtime) await utimes(lockPath(root), mtime, mtime);
}

const holder = (pid: number, host = HOST, startedAt = new Date().toISOString()): string =>
  JSON.stringify({ pid, hostname: host, startedAt });

async function holderPid(root: string): Promise<number> {
  return (JSON.parse(await readFile(lockPath(root), "utf8")) as { pid: number }).pid;
}

async function assertLocked(promise: Promise<Lock>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.code, "LOCKED");
    assert.match(error.message, pattern);
    return true;
  });
}

test("the lock file holds pid, hostname and start time, and release removes it", async (t) => {
  const root = await tempRoot(t);
  const now = new Date("2025-03-04T05:06:07.000Z");
  const lock = await acquireLock(root, { now: () => now });
  assert.equal(lock.path, lockPath(root));
  assert.deepEqual(JSON.parse(await readFile(lock.path, "utf8")), {
    pid: process.pid,
    hostname: HOST,
    startedAt: now.toISOString(),
  });
  if (process.platform !== "win32") {
    assert.equal((await stat(lock.path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(root, ".claude-backup"))).mode & 0o777, 0o700);
  }
  await lock.release();
  await lock.release(); // a second release is harmless
  assert.deepEqual(await readdir(join(root, ".claude-backup")), []);
});

test("a second acquire while the lock is held fails with LOCKED and says what to do", async (t) => {
  const root = await tempRoot(t);
  const now = (): Date => new Date("2025-03-04T05:06:07.123Z");
  const lock = await acquireLock(root, { now });
  t.after(() => lock.release());
  const message = new RegExp(
    `^another claude-backup \\(pid ${process.pid}, started 2025-03-04T05:06:07Z\\) is backing up into ` +
      `${escapeRegExp(root)}; wait for it to finish, or remove ${escapeRegExp(lock.path)} if it is not running$`,
  );
  await assertLocked(acquireLock(root, { now }), message);
});

test("release removes the lock once (a second release is harmless), and the folder can be locked again", async (t) => {
  const root = await tempRoot(t);
  const first = await acquireLock(root);
  await first.release();
  await first.release();
  const second = await acquireLock(root);
  await second.release();
});

test("a lock left by a dead process on this host is taken over", async (t) => {
  const root = await tempRoot(t);
  const dead = await deadPid();
  await plant(root, holder(dead));
  const lock = await acquireLock(root);
  assert.equal(await holderPid(root), process.pid);
  assert.deepEqual(await readdir(join(root, ".claude-backup")), ["lock"], "no stale file left aside");
  await lock.release();
});

test("a lock with our own pid that this process does not hold is stale (pid 1 in containers)", async (t) => {
  const root = await tempRoot(t);
  await plant(root, holder(process.pid));
  const lock = await acquireLock(root);
  await lock.release();
});

test("a live lock from another host holds for a day, then is taken over", async (t) => {
  const root = await tempRoot(t);
  await plant(root, holder(4242, "laptop", "2025-01-01T00:00:00.000Z"));
  await assertLocked(
    acquireLock(root, { now: () => new Date("2025-01-01T23:00:00Z"), isAlive: () => false }),
    /^another claude-backup \(pid 4242 on laptop, started 2025-01-01T00:00:00Z\)/,
  );
  const lock = await acquireLock(root, { now: () => new Date("2025-01-02T00:00:01Z") });
  await lock.release();
});

test("a live lock on this host older than a day is taken over (the pid was reused)", async (t) => {
  const root = await tempRoot(t);
  await plant(root, holder(4242, HOST, "2025-01-01T00:00:00.000Z"));
  const now = (): Date => new Date("2025-01-03T00:00:00Z");
  const lock = await acquireLock(root, { now, isAlive: () => true });
  await lock.release();
});

test("an unreadable lock file is someone starting up for a minute, then stale", async (t) => {
  const root = await tempRoot(t);
  const written = new Date("2025-01-01T00:00:00Z");
  for (const content of [
    "",
    '{"pid":',
    "[]",
    holder(-1),
    holder(0),
    '{"pid":1,"hostname":"h","startedAt":"x"}',
  ]) {
    await plant(root, content, written);
    await assertLocked(
      acquireLock(root, { now: () => new Date("2025-01-01T00:00:30Z") }),
      /^another claude-backup \(starting up, lock written 2025-01-01T00:00:00Z\)/,
    );
    const lock = await acquireLock(root, { now: () => new Date("2025-01-01T00:01:01Z") });
    await lock.release();
  }
});

test("a takeover marker left by a crashed process is cleared after a while", async (t) => {
  const root = await tempRoot(t);
  await plant(root, holder(await deadPid()));
  const marker = `${lockPath(root)}.takeover`;
  await writeFile(marker, "");
  await utimes(marker, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const lock = await acquireLock(root);
  assert.deepEqual(await readdir(join(root, ".claude-backup")), ["lock"]);
  await lock.release();
});

test("a takeover that never finishes makes the acquire give up with LOCKED", async (t) => {
  const root = await tempRoot(t);
  await plant(root, holder(await deadPid()));
  await writeFile(`${lockPath(root)}.takeover`, "");
  await assertLocked(
    acquireLock(root),
    /^could not take the lock .*: other claude-backup processes keep taking it/,
  );
});

test("a released lock that was taken over meanwhile is left to its new holder", async (t) => {
  const root = await tempRoot(t);
  const old = await acquireLock(root, { pid: 1111, isAlive: () => true });
  const taker = await acquireLock(root, { pid: 2222, isAlive: (pid) => pid !== 1111 });
  await old.release();
  assert.equal(await holderPid(root), 2222);
  await old.release();
  assert.equal(await holderPid(root), 2222);
  await taker.release();
});

test("concurrent acquires racing for one stale lock: exactly one wins", async (t) => {
  const root = await tempRoot(t);
  for (let round = 0; round < 20; round++) {
    await plant(root, holder(999_999));
    const isAlive = (pid: number): boolean => pid !== 999_999;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => acquireLock(root, { pid: 10_000 + i, isAlive })),
    );
    const winners = results.filter((r) => r.status === "fulfilled");
    assert.equal(winners.length, 1, `round ${round}`);
    for (const r of results) {
      if (r.status === "rejected") assert.equal((r.reason as StoreError).code, "LOCKED");
    }
    const [winner] = winners;
    assert.ok(winner?.status === "fulfilled");
    assert.equal(await holderPid(root), 10_000 + results.indexOf(winner));
    assert.deepEqual(await readdir(join(root, ".claude-backup")), ["lock"]);
    await winner.value.release();
  }
});

test("separate processes racing for one stale lock: exactly one wins", async (t) => {
  const root = await tempRoot(t);
  for (let round = 0; round < 3; round++) {
    await plant(root, holder(await deadPid()));
    const children = await Promise.all(Array.from({ length: 6 }, () => racer(root)));
    t.after(() => {
      for (const child of children) child.process.kill("SIGKILL");
    });
    for (const child of children) child.process.stdin?.write("go\n");
    const outcomes = await Promise.all(children.map((child) => child.next()));
    assert.deepEqual(
      outcomes.sort(),
      ["locked", "locked", "locked", "locked", "locked", "won"],
      `round ${round}`,
    );
    for (const child of children) child.process.stdin?.end();
    await Promise.all(children.map((child) => child.exited));
  }
});

test("a lock held by a real process is refused, and taken over once that process is killed", async (t) => {
  const root = await tempRoot(t);
  const child = await lockInChild(root);
  t.after(() => child.kill("SIGKILL"));
  await assertLocked(acquireLock(root), new RegExp(`^another claude-backup \\(pid ${child.pid},`));
  child.kill("SIGKILL");
  await once(child, "exit");
  const lock = await acquireLock(root);
  assert.equal(await holderPid(root), process.pid);
  await lock.release();
});

test("a backup folder that cannot hold the lock fails with STORAGE", async (t) => {
  const root = await tempRoot(t);
  await writeFile(join(root, "file"), "");
  await assert.rejects(acquireLock(join(root, "file")), (error: unknown) => {
    assert.ok(error instanceof StoreError);
    assert.equal(error.code, "STORAGE");
    assert.match(error.message, /ENOTDIR/);
    return true;
  });
});

// Starts a Node process that takes the lock and waits; resolves once it holds it.
async function lockInChild(root: string): Promise<ChildProcess & { pid: number }> {
  const script = [
    `import { acquireLock } from ${JSON.stringify(pathToFileURL(LOCK_MODULE).href)};`,
    "await acquireLock(process.argv[1]);",
    'process.stdout.write("locked\\n");',
    "setInterval(() => {}, 60_000);",
  ].join("\n");
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, root], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  assert.equal(chunk.toString(), "locked\n");
  assert.ok(child.pid !== undefined);
  return child as ChildProcess & { pid: number };
}

// A Node process that says "ready", tries the lock on "go", says "won" or "locked", and exits when its
// stdin ends (a winner keeps the lock until then).
async function racer(
  root: string,
): Promise<{ process: ChildProcess; next: () => Promise<string>; exited: Promise<unknown> }> {
  const script = [
    `import { acquireLock } from ${JSON.stringify(pathToFileURL(LOCK_MODULE).href)};`,
    'import { createInterface } from "node:readline";',
    'process.stdout.write("ready\\n");',
    "for await (const line of createInterface({ input: process.stdin })) {",
    '  if (line !== "go") continue;',
    "  try {",
    "    await acquireLock(process.argv[1]);",
    '    process.stdout.write("won\\n");',
    "  } catch (error) {",
    '    process.stdout.write(error.code === "LOCKED" ? "locked\\n" : "error " + error.message + "\\n");',
    "  }",
    "}",
  ].join("\n");
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, root], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as Readable })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => String((await lines.next()).value);
  const exited = once(child, "exit");
  assert.equal(await next(), "ready");
  return { process: child, next, exited };
}

// The pid of a process that has exited.
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  assert.ok(child.pid !== undefined);
  return child.pid;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
