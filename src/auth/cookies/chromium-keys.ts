// Turns a Chromium `encrypted_value` into the cookie text, fetching the key the way each system keeps
// it: a fixed or keyring password on Linux, the login keychain on macOS, DPAPI on Windows. A key store
// is asked at most once per browser folder, and only when a claude.ai cookie needs it.

import { isRecord } from "../../core/guards.ts";
import type { ChromiumBrowser } from "../browsers.ts";
import type { KeyStores } from "../key-stores.ts";
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
} from "./chromium-decrypt.ts";
import { readLocalState } from "./chromium-profiles.ts";

export type Decrypted = { text: string } | { problem: string };

export interface ChromiumDecryptor {
  decrypt(encrypted: Uint8Array, hostKey: string, dbVersion: number | undefined): Promise<Decrypted>;
}

// Candidate keys, and why a key store gave none.
interface Keys {
  keys: Buffer[];
  problem?: string;
}

export function appBoundProblem(browser: ChromiumBrowser): string {
  return (
    `the claude.ai cookie uses ${browser.name}'s app-bound encryption (v20), which only ${browser.name} ` +
    "itself can read; use Firefox, or set CLAUDE_SESSION_KEY"
  );
}

// A decryptor for one browser folder (`root` holds `Local State`).
export function createChromiumDecryptor(options: {
  platform: NodeJS.Platform;
  browser: ChromiumBrowser;
  root: string;
  keyStores: KeyStores;
}): ChromiumDecryptor {
  const { platform, browser, root, keyStores } = options;
  const once = <T>(load: () => Promise<T>) => {
    let pending: Promise<T> | undefined;
    return () => {
      pending ??= load();
      return pending;
    };
  };
  const fixedKeys = [cbcKey(LINUX_FIXED_PASSWORD, LINUX_ITERATIONS), cbcKey("", LINUX_ITERATIONS)];
  const linuxKeyringKeys = once(() =>
    fromPasswords(
      browser.linuxKeyrings.map((n) => () => keyStores.linuxSecret(n)),
      LINUX_ITERATIONS,
      "no password in the desktop keyring",
    ),
  );
  const macKeys = once(() =>
    fromPasswords(
      [() => keyStores.macKeychain(browser.keychain.service, browser.keychain.account)],
      MAC_ITERATIONS,
      `no "${browser.keychain.service}" item in the login keychain`,
    ),
  );
  const windowsKeys = once(() => windowsMasterKey(root, keyStores));

  return {
    async decrypt(encrypted, hostKey, dbVersion) {
      const scheme = valueScheme(encrypted);
      if (scheme === "v20") return { problem: appBoundProblem(browser) };
      const v1x = scheme === "v10" || scheme === "v11";
      let found: Keys;
      let decipher: (key: Buffer) => Buffer | undefined;
      if (platform === "win32") {
        // Before Chromium 80, Windows values were bare DPAPI blobs.
        if (!v1x)
          return fromPlain(await unprotectSafely(keyStores, Buffer.from(encrypted)), hostKey, dbVersion);
        found = await windowsKeys();
        decipher = (key) => decryptGcm(encrypted, key);
      } else {
        if (!v1x) return { problem: "the claude.ai cookie is encrypted in a way this tool does not know" };
        if (platform === "darwin") found = await macKeys();
        else if (scheme === "v11") {
          const keyring = await linuxKeyringKeys();
          found = { keys: [...keyring.keys, ...fixedKeys], problem: keyring.problem };
        } else found = { keys: fixedKeys };
        decipher = (key) => decryptCbc(encrypted, key);
      }
      for (const key of found.keys) {
        const plain = decipher(key);
        const text = plain && cookieText(stripHostPrefix(plain, hostKey, dbVersion));
        if (text) return { text };
      }
      return {
        problem: `could not decrypt the claude.ai cookie${found.problem ? ` (${found.problem})` : ""}`,
      };
    },
  };
}

// Asks the stores in order; every password found becomes a key.
async function fromPasswords(
  lookups: (() => Promise<string | undefined>)[],
  iterations: number,
  nothingFound: string,
): Promise<Keys> {
  const keys: Buffer[] = [];
  const problems: string[] = [];
  for (const lookup of lookups) {
    try {
      const password = await lookup();
      if (password !== undefined) keys.push(cbcKey(password, iterations));
    } catch (error) {
      const reason = error instanceof Error ? error.message : "the key store failed";
      if (!problems.includes(reason)) problems.push(reason);
    }
  }
  const problem = problems.length > 0 ? problems.join("; ") : keys.length === 0 ? nothingFound : undefined;
  return problem === undefined ? { keys } : { keys, problem };
}

// Windows: the AES-256 key is `Local State` os_crypt.encrypted_key, protected by DPAPI for the user.
async function windowsMasterKey(root: string, keyStores: KeyStores): Promise<Keys> {
  const localState = await readLocalState(root);
  const osCrypt = localState?.os_crypt;
  const encoded = isRecord(osCrypt) ? osCrypt.encrypted_key : undefined;
  const blob = typeof encoded === "string" ? dpapiBlobFromLocalState(encoded) : undefined;
  if (!blob) return { keys: [], problem: "Local State has no os_crypt.encrypted_key" };
  const unprotected = await unprotectSafely(keyStores, blob);
  if ("problem" in unprotected) return { keys: [], problem: unprotected.problem };
  return { keys: [unprotected.plain] };
}

async function unprotectSafely(
  keyStores: KeyStores,
  blob: Buffer,
): Promise<{ plain: Buffer } | { problem: string }> {
  try {
    const plain = await keyStores.windowsUnprotect(blob);
    return plain ? { plain } : { problem: "Windows could not unprotect the browser's key" };
  } catch (error) {
    return {
      problem: error instanceof Error ? error.message : "Windows could not unprotect the browser's key",
    };
  }
}

function fromPlain(
  result: { plain: Buffer } | { problem: string },
  hostKey: string,
  dbVersion: number | undefined,
): Decrypted {
  if ("problem" in result) return { problem: `could not decrypt the claude.ai cookie (${result.problem})` };
  const text = cookieText(stripHostPrefix(result.plain, hostKey, dbVersion));
  return text ? { text } : { problem: "could not decrypt the claude.ai cookie" };
}
