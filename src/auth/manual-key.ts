// The session key given by hand: `--session-key-file PATH` (or `-` for standard input) and the
// CLAUDE_SESSION_KEY variable. No message ever contains the key.
import { open } from "node:fs/promises";
import { AuthError, UsageError } from "../core/errors.ts";
import { isCookieValue, type SessionKey } from "./session-key.ts";

// A key is about a hundred characters; a pasted Cookie header a few kilobytes. Anything longer is
// the wrong file (and must not be read whole).
const MAX_INPUT_BYTES = 64 * 1024;

// Reads the key from a file, or from `stdin` when `path` is "-".
export async function readKeyFile(path: string, stdin: NodeJS.ReadableStream): Promise<SessionKey> {
  if (path === "-") {
    const text = await readStream(stdin, "standard input");
    return {
      key: checkKey(text, "standard input"),
      source: "standard input",
      refreshHint: "Pass a fresh sessionKey cookie from claude.ai on standard input, then rerun.",
    };
  }
  const source = `--session-key-file ${path}`;
  return {
    key: checkKey(await readCapped(path), source),
    source,
    refreshHint: `Put a fresh sessionKey cookie from claude.ai into ${path}, then rerun.`,
  };
}

// The key from CLAUDE_SESSION_KEY.
export function keyFromVariable(value: string): SessionKey {
  return {
    key: checkKey(value, "CLAUDE_SESSION_KEY"),
    source: "CLAUDE_SESSION_KEY",
    refreshHint: "Set CLAUDE_SESSION_KEY to a fresh sessionKey cookie from claude.ai, then rerun.",
  };
}

// Trims the text and accepts a bare key, `sessionKey=…`, or a whole pasted Cookie header. Empty text
// or characters a cookie cannot hold are AuthErrors that name the source, never the text.
export function checkKey(text: string, source: string): string {
  let key = text.trim();
  if (key === "") {
    throw new AuthError(
      "NO_SESSION_KEY",
      `${source} is empty; it must hold the sessionKey cookie of claude.ai`,
    );
  }
  const pair = /(?:^|[\s;])sessionKey=([^\s;]+)/.exec(key);
  if (pair?.[1]) key = pair[1];
  if (!isCookieValue(key)) {
    throw new AuthError(
      "NO_SESSION_KEY",
      `${source} does not hold a session key: it contains spaces, line breaks or other characters a ` +
        "cookie cannot hold (give the value of the sessionKey cookie alone)",
    );
  }
  return key;
}

async function readCapped(path: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_INPUT_BYTES) throw tooLong(`--session-key-file ${path}`);
    return buffer.subarray(0, length).toString("utf8");
  } catch (error) {
    if (error instanceof AuthError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (code ?? "unreadable");
    throw new UsageError(`--session-key-file ${path}: ${why}`);
  } finally {
    await handle?.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream, source: string): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
    length += buffer.length;
    if (length > MAX_INPUT_BYTES) throw tooLong(source);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLong(source: string): AuthError {
  return new AuthError(
    "NO_SESSION_KEY",
    `${source} is longer than ${MAX_INPUT_BYTES} bytes; is it the right file?`,
  );
}
