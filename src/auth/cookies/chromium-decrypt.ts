// Pure Chromium cookie crypto: key derivation, AES-CBC (Linux, macOS), AES-GCM (Windows), and the
// SHA-256 host prefix. No I/O; the keys and passwords come from chromium-keys.ts.
import { createDecipheriv, createHash, pbkdf2Sync } from "node:crypto";
import { isCookieValue } from "../session-key.ts";

// Salt and IV of the CBC scheme (Chromium components/os_crypt/sync/os_crypt_linux.cc, os_crypt_mac.mm).
const CBC_SALT = "saltysalt";
const CBC_IV = Buffer.alloc(16, 0x20);
// AES-128: PBKDF2-SHA1 gives 16 bytes.
const CBC_KEY_BYTES = 16;
// PBKDF2 iterations: Linux uses 1, macOS 1003.
export const LINUX_ITERATIONS = 1;
export const MAC_ITERATIONS = 1003;
// The password of Linux `v10` values, used when no keyring is available.
export const LINUX_FIXED_PASSWORD = "peanuts";
// Windows `v10`: 12-byte nonce before the ciphertext, 16-byte GCM tag after it.
const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;
// `Local State` os_crypt.encrypted_key starts with these 5 bytes before the DPAPI blob.
const DPAPI_PREFIX = Buffer.from("DPAPI", "latin1");
// Chromium ≥ 130 (cookie DB meta.version 24) prepends SHA-256(host_key) to the plaintext
// (Chromium CL 5792044; yt-dlp/yt-dlp#11425).
export const HOST_PREFIX_DB_VERSION = 24;
const HOST_PREFIX_BYTES = 32;

export type ValueScheme = "v10" | "v11" | "v20" | "unknown";

// Which scheme an `encrypted_value` uses, from its 3-byte prefix. `v20` is Windows app-bound encryption.
export function valueScheme(encrypted: Uint8Array): ValueScheme {
  const prefix = Buffer.from(encrypted.subarray(0, 3)).toString("latin1");
  return prefix === "v10" || prefix === "v11" || prefix === "v20" ? prefix : "unknown";
}

// The AES-128 key of the CBC scheme: PBKDF2-SHA1(password, "saltysalt", iterations, 16 bytes).
export function cbcKey(password: string, iterations: number): Buffer {
  return pbkdf2Sync(password, CBC_SALT, iterations, CBC_KEY_BYTES, "sha1");
}

// Decrypts a `v10`/`v11` value (prefix included) with AES-128-CBC; undefined when the key is wrong.
export function decryptCbc(encrypted: Uint8Array, key: Buffer): Buffer | undefined {
  const body = encrypted.subarray(3);
  if (body.length === 0 || body.length % 16 !== 0) return undefined;
  try {
    const decipher = createDecipheriv("aes-128-cbc", key, CBC_IV);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined; // bad padding: wrong key
  }
}

// Decrypts a Windows `v10` value (prefix, nonce, ciphertext, tag) with AES-256-GCM; undefined when the
// key is wrong or the value damaged.
export function decryptGcm(encrypted: Uint8Array, key: Buffer): Buffer | undefined {
  const body = encrypted.subarray(3);
  if (body.length < GCM_NONCE_BYTES + GCM_TAG_BYTES || key.length !== 32) return undefined;
  const nonce = body.subarray(0, GCM_NONCE_BYTES);
  const tag = body.subarray(body.length - GCM_TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body.subarray(GCM_NONCE_BYTES, -GCM_TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined; // tag mismatch: wrong key
  }
}

// Removes the leading SHA-256(host_key) when it is there. Comparing the hash, not only trusting
// meta.version, also handles databases migrated half-way.
export function stripHostPrefix(plain: Buffer, hostKey: string, dbVersion: number | undefined): Buffer {
  if (dbVersion !== undefined && dbVersion < HOST_PREFIX_DB_VERSION) return plain;
  if (plain.length < HOST_PREFIX_BYTES) return plain;
  const hash = createHash("sha256").update(hostKey, "utf8").digest();
  return plain.subarray(0, HOST_PREFIX_BYTES).equals(hash) ? plain.subarray(HOST_PREFIX_BYTES) : plain;
}

// The plaintext as a cookie value, or undefined when it holds bytes a cookie cannot (a wrong key
// that happened to give valid padding).
export function cookieText(plain: Uint8Array): string | undefined {
  const text = Buffer.from(plain).toString("latin1");
  return isCookieValue(text) ? text : undefined;
}

// The DPAPI blob inside `Local State` os_crypt.encrypted_key (base64, "DPAPI" prefix); undefined when
// the field does not look like one.
export function dpapiBlobFromLocalState(encryptedKeyBase64: string): Buffer | undefined {
  const raw = Buffer.from(encryptedKeyBase64, "base64");
  if (raw.length <= DPAPI_PREFIX.length || !raw.subarray(0, DPAPI_PREFIX.length).equals(DPAPI_PREFIX)) {
    return undefined;
  }
  return raw.subarray(DPAPI_PREFIX.length);
}
