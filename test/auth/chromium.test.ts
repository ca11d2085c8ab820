import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import { AuthError } from "../../src/core/errors.ts";
import {
  DAY_MS,
  encryptCbc,
  encryptGcm,
  fakeKeyStores,
  find,
  NOW,
  withHostPrefix,
  withTempHome,
  writeChromiumDb,
  writeLocalState,
} from "./helpers/browser-fixtures.ts";

const T = NOW.getTime();
const fresh = { createdMs: T - DAY_MS, expiresMs: T + 30 * DAY_MS };

test("Linux v10 (fixed key), with the SHA-256 host prefix of meta.version 24", async () => {
  await withTempHome(async (home) => {
    const root = join(home, ".config", "google-chrome");
    await writeChromiumDb(join(root, "Default"), [
      { encrypted: encryptCbc(withHostPrefix("sk-ant-sid02-TEST-v10"), "peanuts", 1, "v10"), ...fresh },
    ]);
    const stores = fakeKeyStores({});
    const found = await find("linux", home, stores);
    assert.equal(found.key, "sk-ant-sid02-TEST-v10");
    assert.equal(found.source, "Chrome profile Default");
    assert.deepEqual(stores.calls, [], "v10 needs no keyring");
  });
});

test("Linux v11: the password from the keyring, asked once per browser under its own name", async () => {
  await withTempHome(async (home) => {
    const root = join(home, ".config", "BraveSoftware", "Brave-Browser");
    const value = (name: string) => encryptCbc(withHostPrefix(name), "brave-keyring-TEST", 1, "v11");
    await writeChromiumDb(join(root, "Default"), [{ encrypted: value("sk-ant-sid02-TEST-a"), ...fresh }]);
    await writeChromiumDb(join(root, "Profile 1"), [
      {
        encrypted: value("sk-ant-sid02-TEST-b"),
        createdMs: T - DAY_MS,
        updatedMs: T - 60_000,
        expiresMs: T + DAY_MS,
      },
    ]);
    const stores = fakeKeyStores({
      linux: (names) => (names.application === "brave" ? "brave-keyring-TEST" : undefined),
    });
    const found = await find("linux", home, stores);
    assert.equal(found.key, "sk-ant-sid02-TEST-b", "the most recently updated cookie wins");
    assert.equal(found.source, "Brave profile Profile 1");
    assert.deepEqual(stores.calls, ["linux:brave"]);
  });
});

test("Linux v11 without a keyring tool: the reason is in the message", async () => {
  await withTempHome(async (home) => {
    const root = join(home, ".config", "chromium");
    await writeChromiumDb(join(root, "Default"), [
      {
        encrypted: encryptCbc(withHostPrefix("sk-ant-sid02-TEST-locked"), "unknown-password", 1, "v11"),
        ...fresh,
      },
    ]);
    const stores = fakeKeyStores({
      linux: () => new Error("neither secret-tool (package libsecret-tools) nor kwallet-query is installed"),
    });
    const error = await find("linux", home, stores).then(
      () => assert.fail("expected an AuthError"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AuthError);
    assert.match(
      error.message,
      /Chromium profile Default: could not decrypt .*neither secret-tool.*is installed/,
    );
    assert.ok(!error.message.includes("sk-ant-sid02-TEST-locked"));
  });
});

test("macOS: the keychain password (1003 iterations) under the browser's Safe Storage name", async () => {
  await withTempHome(async (home) => {
    const root = join(home, "Library", "Application Support", "Microsoft Edge");
    await writeChromiumDb(join(root, "Default"), [
      {
        encrypted: encryptCbc(withHostPrefix("sk-ant-sid02-TEST-mac"), "edge-keychain-TEST", 1003),
        ...fresh,
      },
    ]);
    const stores = fakeKeyStores({
      mac: (service, account) =>
        service === "Microsoft Edge Safe Storage" && account === "Microsoft Edge"
          ? "edge-keychain-TEST"
          : undefined,
    });
    const found = await find("darwin", home, stores);
    assert.equal(found.key, "sk-ant-sid02-TEST-mac");
    assert.equal(found.source, "Edge profile Default");
    assert.deepEqual(stores.calls, ["mac:Microsoft Edge Safe Storage/Microsoft Edge"]);
  });
});

test("Windows: the DPAPI-protected key from Local State decrypts AES-256-GCM values", async () => {
  await withTempHome(async (home) => {
    const local = join(home, "AppData", "Local");
    const root = join(local, "Google", "Chrome", "User Data");
    const masterKey = randomBytes(32);
    const blob = Buffer.from("01000000d08c9ddf0115d1118c7a00c04fc297eb-FAKE-DPAPI-BLOB");
    await writeLocalState(root, { dpapiBlob: blob, names: { Default: "Person 1", "Profile 3": "Work" } });
    await writeChromiumDb(join(root, "Profile 3"), [
      { encrypted: encryptGcm(withHostPrefix("sk-ant-sid02-TEST-windows"), masterKey), ...fresh },
    ]);
    await writeChromiumDb(join(root, "Default"), []);
    const stores = fakeKeyStores({ windows: (b) => (b.equals(blob) ? masterKey : undefined) });
    const found = await find("win32", home, stores, { appData: { local } });
    assert.equal(found.key, "sk-ant-sid02-TEST-windows");
    assert.equal(found.source, "Chrome profile Profile 3 (Work)");
    assert.deepEqual(stores.calls, ["windows"]);
  });
});

test("Windows v20 (app-bound) is reported with the way out", async () => {
  await withTempHome(async (home) => {
    const local = join(home, "AppData", "Local");
    const root = join(local, "Microsoft", "Edge", "User Data");
    await writeLocalState(root, { dpapiBlob: Buffer.from("blob") });
    await writeChromiumDb(join(root, "Default"), [
      { encrypted: encryptGcm("sk-ant-sid02-TEST-v20", randomBytes(32), "v20"), ...fresh },
    ]);
    const stores = fakeKeyStores({});
    const error = await find("win32", home, stores, { appData: { local } }).catch((e: unknown) => e);
    assert.ok(error instanceof AuthError);
    assert.equal(error.code, "NO_SESSION_KEY");
    assert.match(
      error.message,
      /Edge profile Default: .*app-bound encryption \(v20\).*Firefox.*CLAUDE_SESSION_KEY/,
    );
    assert.deepEqual(stores.calls, [], "no PowerShell for a value it cannot open anyway");
  });
});

test("an older Chromium: legacy <profile>/Cookies, meta.version 12, no host prefix", async () => {
  await withTempHome(async (home) => {
    const root = join(home, ".config", "vivaldi");
    await writeChromiumDb(
      join(root, "Default"),
      [{ encrypted: encryptCbc("sk-ant-sid02-TEST-legacy", "peanuts", 1), ...fresh }],
      "legacy",
    );
    const found = await find("linux", home, fakeKeyStores({}));
    assert.equal(found.key, "sk-ant-sid02-TEST-legacy");
    assert.equal(found.source, "Vivaldi profile Default");
  });
});

test("Opera's one-profile layout on Windows, and an unencrypted value column", async () => {
  await withTempHome(async (home) => {
    const roaming = join(home, "AppData", "Roaming");
    const root = join(roaming, "Opera Software", "Opera Stable");
    await writeChromiumDb(root, [{ encrypted: Buffer.alloc(0), value: "sk-ant-sid02-TEST-opera", ...fresh }]);
    const found = await find("win32", home, fakeKeyStores({}), {
      appData: { roaming, local: join(home, "AppData", "Local") },
    });
    assert.equal(found.key, "sk-ant-sid02-TEST-opera");
    assert.equal(found.source, "Opera profile Default");
  });
});
