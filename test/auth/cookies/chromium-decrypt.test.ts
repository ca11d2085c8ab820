import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import {
  cbcKey,
  cookieText,
  decryptCbc,
  decryptGcm,
  dpapiBlobFromLocalState,
  LINUX_FIXED_PASSWORD,
  LINUX_ITERATIONS,
  MAC_ITERATIONS,
  stripHostPrefix,
  valueScheme,
} from "../../../src/auth/cookies/chromium-decrypt.ts";
import { chromiumTimeMs, firefoxExpiryMs } from "../../../src/auth/cookies/reading.ts";
import { chromiumTime, encryptCbc, encryptGcm, withHostPrefix } from "../helpers/browser-fixtures.ts";

const VALUE = "sk-ant-sid02-TEST-decrypt-0123456789abcdef";

test("Linux v10: AES-128-CBC with the fixed 'peanuts' key and a 16-space IV", () => {
  const encrypted = encryptCbc(VALUE, "peanuts", 1, "v10");
  assert.equal(valueScheme(encrypted), "v10");
  const plain = decryptCbc(encrypted, cbcKey(LINUX_FIXED_PASSWORD, LINUX_ITERATIONS));
  assert.equal(plain?.toString(), VALUE);
});

test("Linux v11: the keyring password; a wrong key gives nothing rather than garbage", () => {
  const encrypted = encryptCbc(VALUE, "keyring-password-TEST", 1, "v11");
  assert.equal(valueScheme(encrypted), "v11");
  assert.equal(decryptCbc(encrypted, cbcKey("keyring-password-TEST", 1))?.toString(), VALUE);
  const wrong = decryptCbc(encrypted, cbcKey(LINUX_FIXED_PASSWORD, 1));
  assert.ok(wrong === undefined || cookieText(wrong) === undefined);
});

test("Linux: the empty-password key some setups use", () => {
  const encrypted = encryptCbc(VALUE, "", 1, "v11");
  assert.equal(decryptCbc(encrypted, cbcKey("", LINUX_ITERATIONS))?.toString(), VALUE);
});

test("macOS: the keychain password with 1003 PBKDF2 iterations", () => {
  const encrypted = encryptCbc(VALUE, "mac-safe-storage-TEST", 1003, "v10");
  assert.equal(decryptCbc(encrypted, cbcKey("mac-safe-storage-TEST", MAC_ITERATIONS))?.toString(), VALUE);
  assert.equal(
    cookieText(decryptCbc(encrypted, cbcKey("mac-safe-storage-TEST", 1)) ?? Buffer.alloc(0)),
    undefined,
  );
});

test("Windows: AES-256-GCM with nonce and tag; a wrong key or a changed byte fails", () => {
  const key = randomBytes(32);
  const encrypted = encryptGcm(VALUE, key);
  assert.equal(decryptGcm(encrypted, key)?.toString(), VALUE);
  assert.equal(decryptGcm(encrypted, randomBytes(32)), undefined);
  const damaged = Buffer.from(encrypted);
  damaged[20] = (damaged[20] ?? 0) ^ 1;
  assert.equal(decryptGcm(damaged, key), undefined);
  assert.equal(decryptGcm(Buffer.from("v10short"), key), undefined);
});

test("v20 (app-bound) and unknown prefixes are recognised", () => {
  assert.equal(valueScheme(encryptGcm(VALUE, randomBytes(32), "v20")), "v20");
  assert.equal(valueScheme(Buffer.from([1, 0, 0, 0, 0xd0])), "unknown");
});

test("the SHA-256 host prefix is stripped only when it matches and the DB version allows it", () => {
  const prefixed = withHostPrefix(VALUE);
  assert.equal(stripHostPrefix(prefixed, ".claude.ai", 24).toString(), VALUE);
  assert.equal(stripHostPrefix(prefixed, ".claude.ai", undefined).toString(), VALUE);
  // Another host's hash is part of the value, not a prefix.
  assert.equal(stripHostPrefix(prefixed, "claude.ai", 24).length, prefixed.length);
  // Before meta.version 24 Chromium never wrote one.
  assert.equal(stripHostPrefix(prefixed, ".claude.ai", 23).length, prefixed.length);
  assert.equal(stripHostPrefix(Buffer.from(VALUE), ".claude.ai", 24).toString(), VALUE);
  const hashOnly = createHash("sha256").update(".claude.ai").digest();
  assert.equal(stripHostPrefix(hashOnly, ".claude.ai", 24).length, 0);
});

test("prefix + encryption together, as Chromium ≥ 130 writes it", () => {
  const encrypted = encryptCbc(withHostPrefix(VALUE), "peanuts", 1);
  const plain = decryptCbc(encrypted, cbcKey("peanuts", 1));
  assert.ok(plain);
  assert.equal(cookieText(stripHostPrefix(plain, ".claude.ai", 24)), VALUE);
  assert.equal(cookieText(plain), undefined); // the raw hash is not a cookie value
});

test("Local State encrypted_key: 'DPAPI' prefix removed, anything else refused", () => {
  const blob = randomBytes(40);
  const encoded = Buffer.concat([Buffer.from("DPAPI"), blob]).toString("base64");
  assert.deepEqual(dpapiBlobFromLocalState(encoded), blob);
  assert.equal(dpapiBlobFromLocalState(Buffer.from("APPB-something").toString("base64")), undefined);
  assert.equal(dpapiBlobFromLocalState(""), undefined);
});

test("browser clocks: Chromium µs since 1601, Firefox expiry in seconds or milliseconds", () => {
  const ms = Date.parse("2026-03-01T12:00:00Z");
  assert.equal(chromiumTimeMs(chromiumTime(ms)), ms);
  assert.equal(chromiumTimeMs(0n), undefined);
  assert.equal(firefoxExpiryMs(BigInt(ms / 1000)), ms);
  assert.equal(firefoxExpiryMs(BigInt(ms)), ms);
  assert.equal(firefoxExpiryMs(0n), undefined);
});
