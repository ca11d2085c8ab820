// The real key stores, run against stand-in tools on PATH (small shell scripts), so the arguments,
// exit codes and output handling are those of real child processes.
import assert from "node:assert/strict";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import { createSystemKeyStores } from "../../src/auth/key-stores.ts";
import { rejection, tempHome } from "./helpers/browser-fixtures.ts";

const skip = process.platform === "win32" ? "stand-in tools are shell scripts" : false;

async function tool(dir: string, name: string, script: string): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
}

async function withTools<T>(
  tools: Record<string, string>,
  run: (stores: ReturnType<typeof createSystemKeyStores>) => Promise<T>,
): Promise<T> {
  const dir = await tempHome();
  try {
    for (const [name, script] of Object.entries(tools)) await tool(dir.path, name, script);
    // Only the stand-ins are reachable (they use shell built-ins alone), whatever the machine has.
    return await run(createSystemKeyStores({ env: { PATH: dir.path } }));
  } finally {
    await dir.cleanup();
  }
}

test("Linux: secret-tool lookup application <name>", { skip }, async () => {
  const secretTool = `[ "$*" = "lookup application brave" ] && printf 'brave-pw-TEST' && exit 0; exit 1`;
  await withTools({ "secret-tool": secretTool }, async (stores) => {
    assert.equal(await stores.linuxSecret({ application: "brave", wallet: "Brave" }), "brave-pw-TEST");
    // Not in the Secret Service, and no KWallet tool: simply no password.
    assert.equal(await stores.linuxSecret({ application: "chrome", wallet: "Chrome" }), undefined);
  });
});

test("Linux: kwallet-query, which prints 'Failed to read' when the entry is absent", { skip }, async () => {
  const kwallet = `[ "$*" = "--read-password Chrome Safe Storage --folder Chrome Keys kdewallet" ] && echo 'kde-pw-TEST' && exit 0
echo "Failed to read $2 from wallet kdewallet"`;
  await withTools({ "kwallet-query": kwallet }, async (stores) => {
    assert.equal(await stores.linuxSecret({ application: "chrome", wallet: "Chrome" }), "kde-pw-TEST");
    assert.equal(await stores.linuxSecret({ application: "chromium", wallet: "Chromium" }), undefined);
  });
});

test("Linux: no keyring tool at all is an error that says which package to install", { skip }, async () => {
  await withTools({}, async (stores) => {
    const error = await rejection(stores.linuxSecret({ application: "chrome", wallet: "Chrome" }));
    assert.match(
      error.message,
      /neither secret-tool \(package libsecret-tools\) nor kwallet-query is installed/,
    );
  });
});

test("macOS: security find-generic-password; 44 means no item; a refusal never shows the output", {
  skip,
}, async () => {
  const security = `case "$*" in
  "find-generic-password -w -s Chrome Safe Storage -a Chrome") echo 'mac-pw-TEST'; exit 0;;
  *"Brave Safe Storage"*) echo 'LEAKED-OUTPUT-TEST'; echo 'User interaction is not allowed.' >&2; exit 51;;
  *) exit 44;;
esac`;
  await withTools({ security }, async (stores) => {
    assert.equal(await stores.macKeychain("Chrome Safe Storage", "Chrome"), "mac-pw-TEST");
    assert.equal(await stores.macKeychain("Vivaldi Safe Storage", "Vivaldi"), undefined);
    const error = await rejection(stores.macKeychain("Brave Safe Storage", "Brave"));
    assert.match(
      error.message,
      /the keychain refused "Brave Safe Storage" \(exit code 51; prompt denied\?\)/,
    );
    assert.ok(!inspect(error, { showHidden: true }).includes("LEAKED-OUTPUT-TEST"));
    assert.equal(error.cause, undefined);
  });
});

test("Windows: the blob goes to PowerShell in a variable, the key comes back as base64", {
  skip,
}, async () => {
  // A stand-in "unprotect" that hands the blob back unchanged (both ways are base64).
  const powershell = `[ "$1 $2 $3" = "-NoProfile -NonInteractive -EncodedCommand" ] || exit 3
printf '%s' "$CLAUDE_BACKUP_DPAPI_INPUT"`;
  await withTools({ "powershell.exe": powershell }, async (stores) => {
    const plain = await stores.windowsUnprotect(Buffer.from("blob-TEST"));
    assert.equal(plain?.toString(), "blob-TEST");
  });
  await withTools({ "powershell.exe": "echo 'LEAKED-KEY-TEST'; exit 1" }, async (stores) => {
    const error = await rejection(stores.windowsUnprotect(Buffer.from("blob")));
    assert.match(error.message, /Windows could not unprotect the browser's key \(exit code 1\)/);
    assert.ok(!inspect(error, { showHidden: true }).includes("LEAKED-KEY-TEST"));
  });
  await withTools({}, async (stores) => {
    assert.match(
      (await rejection(stores.windowsUnprotect(Buffer.from("b")))).message,
      /PowerShell .* not available/,
    );
  });
});
