// The operating system's secret stores that hold Chromium's cookie key, reached through the tools each
// desktop ships (no native addons). Tests pass their own KeyStores.
import { execFile } from "node:child_process";

// Names under which a Chromium browser keeps its password in a Linux keyring.
export interface LinuxKeyringNames {
  application: string; // Secret Service attribute `application` ("chrome", "chromium", "brave")
  wallet: string; // KWallet entry "<wallet> Safe Storage" in folder "<wallet> Keys"
}

// Each method answers undefined when the store has no such entry, and throws an Error whose message
// says why the store could not be asked (tool missing, timed out, access denied). Neither ever carries
// the secret or the tool's output.
export interface KeyStores {
  linuxSecret(names: LinuxKeyringNames): Promise<string | undefined>;
  macKeychain(service: string, account: string): Promise<string | undefined>;
  windowsUnprotect(blob: Buffer): Promise<Buffer | undefined>;
}

// Keychain and keyring tools may show an unlock prompt; give the person time to answer it.
const PROMPT_TIMEOUT_MS = 60_000;
// PowerShell starts slowly on a cold machine, but needs no answer from anyone.
const POWERSHELL_TIMEOUT_MS = 30_000;
// `security` exits with 44 when the keychain has no such item.
const SECURITY_NOT_FOUND = 44;
// The environment variable that hands the DPAPI blob to PowerShell (kept off its command line).
const DPAPI_INPUT_VARIABLE = "CLAUDE_BACKUP_DPAPI_INPUT";
const UNPROTECT_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "Add-Type -AssemblyName System.Security",
  `$blob = [Convert]::FromBase64String($env:${DPAPI_INPUT_VARIABLE})`,
  "$scope = [System.Security.Cryptography.DataProtectionScope]::CurrentUser",
  "$plain = [System.Security.Cryptography.ProtectedData]::Unprotect($blob, $null, $scope)",
  "[Console]::Out.Write([Convert]::ToBase64String($plain))",
].join("; ");

interface RunResult {
  code: number | undefined; // exit code; undefined when the tool could not be started or was killed
  stdout: string;
  missing: boolean; // the tool is not installed
  timedOut: boolean;
}

// The real stores. `env` is the environment the tools run with (PATH, the D-Bus session address).
export function createSystemKeyStores(options: {
  env: Readonly<Record<string, string | undefined>>;
}): KeyStores {
  const run = (file: string, args: string[], timeoutMs: number, extraEnv: Record<string, string> = {}) =>
    runTool(file, args, timeoutMs, { ...options.env, ...extraEnv });
  return {
    async linuxSecret({ application, wallet }) {
      const secret = await run("secret-tool", ["lookup", "application", application], PROMPT_TIMEOUT_MS);
      if (secret.code === 0 && withoutNewline(secret.stdout) !== "") return withoutNewline(secret.stdout);
      // KWallet's default wallet is "kdewallet"; kwallet-query exits 0 and prints "Failed to read…" when
      // the entry is absent.
      const kwallet = await run(
        "kwallet-query",
        ["--read-password", `${wallet} Safe Storage`, "--folder", `${wallet} Keys`, "kdewallet"],
        PROMPT_TIMEOUT_MS,
      );
      const password = withoutNewline(kwallet.stdout);
      if (kwallet.code === 0 && password !== "" && !/^failed to read/i.test(password)) return password;
      if (secret.missing && kwallet.missing) {
        throw new Error("neither secret-tool (package libsecret-tools) nor kwallet-query is installed");
      }
      if (secret.timedOut || kwallet.timedOut) throw new Error("the desktop keyring did not answer in time");
      return undefined;
    },

    async macKeychain(service, account) {
      let result = await run(
        "security",
        ["find-generic-password", "-w", "-s", service, "-a", account],
        PROMPT_TIMEOUT_MS,
      );
      // Some builds file the item under another account name; a missing item shows no prompt, so asking
      // again by service alone costs nothing.
      if (result.code === SECURITY_NOT_FOUND) {
        result = await run("security", ["find-generic-password", "-w", "-s", service], PROMPT_TIMEOUT_MS);
      }
      if (result.code === 0) return withoutNewline(result.stdout) || undefined;
      if (result.code === SECURITY_NOT_FOUND) return undefined;
      if (result.missing) throw new Error("the macOS `security` tool is missing");
      if (result.timedOut) throw new Error(`the keychain prompt for "${service}" was not answered in time`);
      throw new Error(
        `the keychain refused "${service}" (exit code ${result.code ?? "none"}; prompt denied?)`,
      );
    },

    async windowsUnprotect(blob) {
      const encoded = Buffer.from(UNPROTECT_SCRIPT, "utf16le").toString("base64");
      const result = await run(
        "powershell.exe",
        ["-NoProfile", "-NonInteractive", "-EncodedCommand", encoded],
        POWERSHELL_TIMEOUT_MS,
        { [DPAPI_INPUT_VARIABLE]: blob.toString("base64") },
      );
      if (result.missing) throw new Error("PowerShell (powershell.exe) is not available");
      if (result.timedOut) throw new Error("PowerShell did not answer in time");
      if (result.code !== 0) {
        throw new Error(`Windows could not unprotect the browser's key (exit code ${result.code ?? "none"})`);
      }
      const plain = Buffer.from(result.stdout.trim(), "base64");
      return plain.length > 0 ? plain : undefined;
    },
  };
}

// Runs a tool without a shell. Never rejects, and never keeps Node's error object: it carries stdout.
function runTool(
  file: string,
  args: string[],
  timeoutMs: number,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { timeout: timeoutMs, windowsHide: true, maxBuffer: 1024 * 1024, encoding: "utf8", env },
      (error, stdout) => {
        if (!error) return resolve({ code: 0, stdout, missing: false, timedOut: false });
        const code = (error as { code?: unknown }).code;
        resolve({
          code: typeof code === "number" ? code : undefined,
          stdout: typeof code === "number" ? stdout : "",
          missing: code === "ENOENT",
          timedOut: error.killed === true && error.signal !== null,
        });
      },
    );
    child.stdin?.end();
  });
}

function withoutNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}
