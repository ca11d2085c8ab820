import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import {
  DAY_MS,
  fakeKeyStores,
  find,
  firefoxRoot,
  NOW,
  withTempHome,
  writeFirefoxDb,
} from "./helpers/browser-fixtures.ts";

const T = NOW.getTime();
const noStores = fakeKeyStores({});

test("Firefox on Linux: the plaintext cookie of the profile in profiles.ini", async () => {
  await withTempHome(async (home) => {
    const [dir] = await firefoxRoot(join(home, ".mozilla", "firefox"), [
      { name: "default-release", folder: "abcd1234.default-release" },
    ]);
    writeFirefoxDb(dir ?? "", [
      { value: "sk-ant-sid02-TEST-firefox-linux", createdMs: T - DAY_MS, expiresMs: T + 30 * DAY_MS },
      { value: "other-cookie", name: "lastActiveOrg", createdMs: T, expiresMs: T + DAY_MS },
      { value: "other-site", host: ".example.com", createdMs: T, expiresMs: T + DAY_MS },
    ]);
    const found = await find("linux", home, noStores);
    assert.equal(found.key, "sk-ant-sid02-TEST-firefox-linux");
    assert.equal(found.source, "Firefox profile default-release");
    assert.match(found.refreshHint, /Log in to claude\.ai in Firefox \(profile default-release\) again/);
    assert.deepEqual(noStores.calls, []);
  });
});

test("Firefox: a fresh cookie that is still only in the -wal file is found", async () => {
  await withTempHome(async (home) => {
    let writer: DatabaseSync | undefined;
    try {
      const [dir = ""] = await firefoxRoot(join(home, ".mozilla", "firefox"), [
        { name: "default-release", folder: "w.default-release" },
      ]);
      writer = writeFirefoxDb(
        dir,
        [
          {
            value: "sk-ant-sid02-TEST-old",
            host: "claude.ai",
            createdMs: T - 9 * DAY_MS,
            expiresMs: T - DAY_MS,
          },
        ],
        {
          keepOpen: true,
          walOnly: [{ value: "sk-ant-sid02-TEST-in-wal", createdMs: T - 1000, expiresMs: T + DAY_MS }],
        },
      );
      // The main file alone does not have the new row: it really lives in the WAL.
      const alone = await mkdtemp(join(tmpdir(), "claude-backup-main-only-"));
      await copyFile(join(dir, "cookies.sqlite"), join(alone, "c.sqlite"));
      const mainOnly = new DatabaseSync(join(alone, "c.sqlite"), { readOnly: true });
      assert.equal(
        mainOnly.prepare("SELECT count(*) AS n FROM moz_cookies WHERE value LIKE '%in-wal'").get()?.n,
        0,
      );
      mainOnly.close();
      await rm(alone, { recursive: true });

      const found = await find("linux", home, noStores);
      assert.equal(found.key, "sk-ant-sid02-TEST-in-wal");
    } finally {
      writer?.close();
    }
  });
});

test("Firefox on macOS and Windows, with expiry in milliseconds (newer Firefox)", async () => {
  for (const platform of ["darwin", "win32"] as const) {
    await withTempHome(async (home) => {
      const roaming = join(home, "AppData", "Roaming");
      const root =
        platform === "darwin"
          ? join(home, "Library", "Application Support", "Firefox")
          : join(roaming, "Mozilla", "Firefox");
      const [dir = ""] = await firefoxRoot(root, [{ name: "default-release", folder: "x.default-release" }]);
      writeFirefoxDb(dir, [
        {
          value: `sk-ant-sid02-TEST-${platform}`,
          createdMs: T - DAY_MS,
          expiresMs: T + DAY_MS,
          expiryUnit: "ms",
        },
      ]);
      const found = await find(platform, home, noStores, { appData: { roaming } });
      assert.equal(found.key, `sk-ant-sid02-TEST-${platform}`);
    });
  }
});

test("LibreWolf, with a profile only named in installs.ini", async () => {
  await withTempHome(async (home) => {
    const root = join(home, ".librewolf");
    const dir = join(root, "q1w2e3.default-default");
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(root, "installs.ini"),
      "[6C3A1E0D9B4F2A51]\nDefault=q1w2e3.default-default\nLocked=1\n",
    );
    writeFirefoxDb(dir, [
      { value: "sk-ant-sid02-TEST-librewolf", createdMs: T - DAY_MS, expiresMs: T + DAY_MS },
    ]);
    const found = await find("linux", home, noStores);
    assert.equal(found.key, "sk-ant-sid02-TEST-librewolf");
    assert.equal(found.source, "LibreWolf profile q1w2e3.default-default");
  });
});

test("Firefox containers: the newest of several rows in one profile wins; expired rows are ignored", async () => {
  await withTempHome(async (home) => {
    const [dir = ""] = await firefoxRoot(join(home, ".mozilla", "firefox"), [
      { name: "default-release", folder: "c.default-release" },
    ]);
    writeFirefoxDb(dir, [
      { value: "sk-ant-sid02-TEST-older", createdMs: T - 5 * DAY_MS, expiresMs: T + DAY_MS },
      {
        value: "sk-ant-sid02-TEST-newest-but-expired",
        createdMs: T - DAY_MS,
        expiresMs: T - 1000,
        originAttributes: "^userContextId=2",
      },
      {
        value: "sk-ant-sid02-TEST-container",
        createdMs: T - 2 * DAY_MS,
        expiresMs: T + DAY_MS,
        host: "claude.ai",
        originAttributes: "^userContextId=1",
      },
    ]);
    const found = await find("linux", home, noStores);
    assert.equal(found.key, "sk-ant-sid02-TEST-container");
  });
});
