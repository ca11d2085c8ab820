import assert from "node:assert/strict";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Readable } from "node:stream";
import { test } from "node:test";
import { inspect } from "node:util";
import { type FindSessionKeyOptions, findSessionKey } from "../../src/auth/session.ts";
import { AuthError, EXIT_CODES, UsageError } from "../../src/core/errors.ts";
import {
  DAY_MS,
  encryptCbc,
  fakeKeyStores,
  firefoxRoot,
  NOW,
  rejection,
  withHostPrefix,
  withTempHome,
  writeChromiumDb,
  writeFirefoxDb,
  writeLocalState,
} from "./helpers/browser-fixtures.ts";

const T = NOW.getTime();
const ENV_KEY = "sk-ant-sid02-TEST-from-environment";

// A Linux home with two Firefox profiles and two Chrome profiles, each holding a synthetic key.
async function linuxHome(home: string): Promise<void> {
  const [release = "", work = ""] = await firefoxRoot(join(home, ".mozilla", "firefox"), [
    { name: "default-release", folder: "a1.default-release" },
    { name: "work", folder: "b2.work" },
  ]);
  writeFirefoxDb(release, [
    { value: "sk-ant-sid02-TEST-ff-release", createdMs: T - 3 * DAY_MS, expiresMs: T + DAY_MS },
  ]);
  // The newest of all, but expired.
  writeFirefoxDb(work, [
    { value: "sk-ant-sid02-TEST-ff-work-expired", createdMs: T - 60_000, expiresMs: T - 1 },
  ]);
  const chrome = join(home, ".config", "google-chrome");
  await writeLocalState(chrome, { names: { Default: "Person 1", "Profile 1": "Work" } });
  await writeChromiumDb(join(chrome, "Default"), [
    {
      encrypted: encryptCbc(withHostPrefix("sk-ant-sid02-TEST-chrome-default"), "peanuts", 1),
      createdMs: T - 10 * DAY_MS,
      updatedMs: T - 2 * DAY_MS, // updated after the Firefox one was created: newest unexpired
      expiresMs: T + 20 * DAY_MS,
    },
  ]);
  await writeChromiumDb(join(chrome, "Profile 1"), [
    {
      encrypted: encryptCbc(withHostPrefix("sk-ant-sid02-TEST-chrome-work"), "peanuts", 1),
      createdMs: T - 5 * DAY_MS,
      expiresMs: T + 20 * DAY_MS,
    },
  ]);
}

function options(home: string, extra: Partial<FindSessionKeyOptions> = {}): FindSessionKeyOptions {
  return { env: {}, platform: "linux", home, keyStores: fakeKeyStores({}), now: () => NOW, ...extra };
}

// The key must be nowhere in what an error carries: message, stack, cause, other properties.
function assertNoSecret(error: Error, secrets: string[]): void {
  const everything = `${error.message}\n${error.stack}\n${inspect(error, { depth: 10, showHidden: true })}`;
  for (const secret of secrets) assert.ok(!everything.includes(secret), `the error shows ${secret}`);
}

test("the newest unexpired key among all browsers and profiles wins, and says where it came from", async () => {
  await withTempHome(async (home) => {
    await linuxHome(home);
    const found = await findSessionKey(options(home));
    assert.equal(found.key, "sk-ant-sid02-TEST-chrome-default");
    assert.equal(found.source, "Chrome profile Default (Person 1)");
    assert.equal(
      found.refreshHint,
      "Log in to claude.ai in Chrome (profile Default (Person 1)) again, then rerun.",
    );
  });
});

test("--browser restricts the search to one browser, or one profile by folder or shown name", async () => {
  await withTempHome(async (home) => {
    await linuxHome(home);
    assert.equal(
      (await findSessionKey(options(home, { browser: "firefox" }))).key,
      "sk-ant-sid02-TEST-ff-release",
    );
    const work = await findSessionKey(options(home, { browser: "chrome:work" }));
    assert.equal(work.key, "sk-ant-sid02-TEST-chrome-work");
    assert.equal(work.source, "Chrome profile Profile 1 (Work)");
    const byFolder = await findSessionKey(options(home, { browser: "Firefox:a1.default-release" }));
    assert.equal(byFolder.source, "Firefox profile default-release");

    const expired = await rejection(findSessionKey(options(home, { browser: "firefox:work" })));
    assert.ok(expired instanceof AuthError);
    assert.match(
      expired.message,
      /Firefox profile work: the claude\.ai session cookie expired on 2026-03-01/,
    );

    const nope = await rejection(findSessionKey(options(home, { browser: "firefox:nope" })));
    assert.match(nope.message, /no profile named "nope" .*its profiles: default-release, work/);

    const edge = await rejection(findSessionKey(options(home, { browser: "edge" })));
    assert.match(edge.message, /Edge: not installed \(looked in .*microsoft-edge\)/);
  });
});

test("--browser: an unknown name or an empty profile is a usage error that lists the valid names", async () => {
  const unknown = await rejection(findSessionKey(options("/nonexistent", { browser: "safari" })));
  assert.ok(unknown instanceof UsageError);
  assert.equal(unknown.exitCode, EXIT_CODES.usage);
  assert.match(
    unknown.message,
    /unknown browser; use one of firefox, librewolf, chrome, chromium, brave, edge, vivaldi, opera/,
  );
  assert.ok(
    (await rejection(findSessionKey(options("/nonexistent", { browser: "chrome:" })))) instanceof UsageError,
  );
});

test("order: the key file beats CLAUDE_SESSION_KEY, which beats the browsers", async () => {
  await withTempHome(async (home) => {
    await linuxHome(home);
    const file = join(home, "key.txt");
    await writeFile(file, "  sk-ant-sid02-TEST-from-file\n\n");
    const env = { CLAUDE_SESSION_KEY: ENV_KEY };
    const fromFile = await findSessionKey(options(home, { env, keyFile: file }));
    assert.deepEqual(fromFile, {
      key: "sk-ant-sid02-TEST-from-file",
      source: `--session-key-file ${file}`,
      refreshHint: `Put a fresh sessionKey cookie from claude.ai into ${file}, then rerun.`,
    });
    const fromEnv = await findSessionKey(options(home, { env: { CLAUDE_SESSION_KEY: ` ${ENV_KEY}\n` } }));
    assert.equal(fromEnv.key, ENV_KEY);
    assert.equal(fromEnv.source, "CLAUDE_SESSION_KEY");
    // An explicit --browser is a command-line choice and beats the environment.
    const fromBrowser = await findSessionKey(options(home, { env, browser: "firefox" }));
    assert.equal(fromBrowser.source, "Firefox profile default-release");
    const both = await rejection(findSessionKey(options(home, { keyFile: file, browser: "firefox" })));
    assert.ok(both instanceof UsageError);
  });
});

test("--session-key-file - reads standard input; a pasted Cookie header is accepted", async () => {
  const found = await findSessionKey(
    options("/nonexistent", { keyFile: "-", stdin: Readable.from(["sk-ant-sid02-TEST-", "stdin\n"]) }),
  );
  assert.equal(found.key, "sk-ant-sid02-TEST-stdin");
  assert.equal(found.source, "standard input");
  const header = "Cookie: lastActiveOrg=abc; sessionKey=sk-ant-sid02-TEST-header; anthropic-device-id=x";
  const pasted = await findSessionKey(
    options("/nonexistent", { keyFile: "-", stdin: Readable.from([header]) }),
  );
  assert.equal(pasted.key, "sk-ant-sid02-TEST-header");
});

test("empty, missing and malformed keys are errors that name the source and never show the text", async () => {
  await withTempHome(async (home) => {
    const empty = join(home, "empty.txt");
    await writeFile(empty, " \n");
    const emptyFile = await rejection(findSessionKey(options(home, { keyFile: empty })));
    assert.ok(emptyFile instanceof AuthError);
    assert.equal(emptyFile.exitCode, EXIT_CODES.noSessionKey);
    assert.match(emptyFile.message, /^--session-key-file .*empty\.txt is empty/);

    const emptyVar = await rejection(findSessionKey(options(home, { env: { CLAUDE_SESSION_KEY: "" } })));
    assert.match(emptyVar.message, /^CLAUDE_SESSION_KEY is empty/);

    const missing = await rejection(findSessionKey(options(home, { keyFile: join(home, "nope.txt") })));
    assert.ok(missing instanceof UsageError);
    assert.match(missing.message, /nope\.txt: no such file/);

    const secret = "sk-ant-sid02-TEST-with space-SECRET";
    const bad = await rejection(findSessionKey(options(home, { env: { CLAUDE_SESSION_KEY: secret } })));
    assert.match(bad.message, /CLAUDE_SESSION_KEY does not hold a session key/);
    assertNoSecret(bad, ["SECRET", "sk-ant-sid02-TEST-with"]);
  });
});

test("nothing found: one summary line, every place and why, then the two manual ways", async () => {
  await withTempHome(async (home) => {
    const chrome = join(home, ".config", "google-chrome");
    await mkdir(join(chrome, "Default"), { recursive: true }); // no cookie database at all
    await mkdir(join(chrome, "Profile 1", "Network"), { recursive: true });
    await writeFile(
      join(chrome, "Profile 1", "Network", "Cookies"),
      "this is not an SQLite file at all".repeat(40),
    );
    await mkdir(join(chrome, "Profile 2", "Network"), { recursive: true });
    const wrong = new DatabaseSync(join(chrome, "Profile 2", "Network", "Cookies"));
    wrong.exec("CREATE TABLE something_else(x)");
    wrong.close();
    await writeChromiumDb(join(chrome, "Profile 3"), [
      {
        encrypted: encryptCbc(withHostPrefix("sk-ant-sid02-TEST-expired-chrome"), "peanuts", 1),
        createdMs: T - 40 * DAY_MS,
        expiresMs: T - 10 * DAY_MS,
      },
    ]);
    await writeChromiumDb(join(chrome, "Profile 4"), [
      {
        encrypted: encryptCbc("x", "peanuts", 1),
        name: "lastActiveOrg",
        createdMs: T,
        expiresMs: T + DAY_MS,
      },
    ]);
    const [ff = ""] = await firefoxRoot(join(home, ".mozilla", "firefox"), [
      { name: "default-release", folder: "f" },
    ]);
    writeFirefoxDb(ff, [
      { value: "sk-ant-sid02-TEST-expired-firefox", createdMs: T - 9 * DAY_MS, expiresMs: T - DAY_MS },
    ]);

    const error = await rejection(findSessionKey(options(home)));
    assert.ok(error instanceof AuthError);
    assert.equal(error.code, "NO_SESSION_KEY");
    const lines = error.message.split("\n");
    assert.equal(lines[0], "no claude.ai session key found (looked in 6 places):");
    assert.deepEqual(lines.slice(1, 7), [
      "  Firefox profile default-release: the claude.ai session cookie expired on 2026-02-28",
      "  Chrome profile Default: no cookie database (Network/Cookies)",
      "  Chrome profile Profile 1: the cookie database is damaged or not an SQLite file",
      "  Chrome profile Profile 2: the cookie database has no cookies table",
      "  Chrome profile Profile 3: the claude.ai session cookie expired on 2026-02-19",
      "  Chrome profile Profile 4: no claude.ai sessionKey cookie (not logged in there?)",
    ]);
    assert.equal(lines[7], "  not installed: LibreWolf, Chromium, Brave, Edge, Vivaldi, Opera");
    assert.match(error.message, /CLAUDE_SESSION_KEY=sk-ant-\.\.\. npx claude-backup\n/);
    assert.match(error.message, /--session-key-file PATH/);
    assertNoSecret(error, ["sk-ant-sid02-TEST-expired-chrome", "sk-ant-sid02-TEST-expired-firefox"]);
  });
});

test("an empty home: no browser installed, still the manual ways", async () => {
  await withTempHome(async (home) => {
    const error = await rejection(findSessionKey(options(home, { platform: "darwin" })));
    assert.match(error.message, /^no claude\.ai session key found: no supported browser is installed\n/);
    assert.match(
      error.message,
      /not installed: Firefox, LibreWolf, Chrome, Chromium, Brave, Edge, Vivaldi, Opera/,
    );
    assert.match(error.message, /CLAUDE_SESSION_KEY=/);
  });
});

test("an unreadable cookie database (mode 000) is reported, not thrown", {
  skip: process.getuid?.() === 0 ? "root reads any file" : false,
}, async () => {
  await withTempHome(async (home) => {
    const [ff = ""] = await firefoxRoot(join(home, ".mozilla", "firefox"), [
      { name: "default-release", folder: "f" },
    ]);
    writeFirefoxDb(ff, [{ value: "sk-ant-sid02-TEST-unreadable", createdMs: T, expiresMs: T + DAY_MS }]);
    await chmod(join(ff, "cookies.sqlite"), 0o000);
    const error = await rejection(findSessionKey(options(home)));
    assert.match(
      error.message,
      /Firefox profile default-release: cannot read the cookie database \(permission denied\)/,
    );
    assertNoSecret(error, ["sk-ant-sid02-TEST-unreadable"]);
  });
});

test("keys that cannot be decrypted never reach the error", async () => {
  await withTempHome(async (home) => {
    const root = join(home, "Library", "Application Support", "Google", "Chrome");
    const secret = "sk-ant-sid02-TEST-mac-denied";
    await writeChromiumDb(join(root, "Default"), [
      {
        encrypted: encryptCbc(withHostPrefix(secret), "keychain-TEST", 1003),
        createdMs: T,
        expiresMs: T + DAY_MS,
      },
    ]);
    const stores = fakeKeyStores({
      mac: () => new Error('the keychain refused "Chrome Safe Storage" (exit code 51)'),
    });
    const error = await rejection(findSessionKey(options(home, { platform: "darwin", keyStores: stores })));
    assert.match(
      error.message,
      /Chrome profile Default: could not decrypt the claude\.ai cookie \(the keychain refused/,
    );
    assertNoSecret(error, [secret, "keychain-TEST"]);
  });
});
