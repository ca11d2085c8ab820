import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ApiError } from "../../src/core/errors.ts";
import { blobPath, blobsDir } from "../../src/core/layout.ts";
import { realSleep } from "../../src/core/sleep.ts";
import { createHttpClient } from "../../src/http/client.ts";
import { createForeignTransport } from "../../src/http/foreign-transport.ts";
import { createPacer } from "../../src/http/pacer.ts";
import { createTransport } from "../../src/http/transport.ts";
import { createBlobSink } from "../../src/store/blob-store.ts";
import { tempDir } from "../helpers/run-cli.ts";

const SECRET = "sk-ant-sid02-stream-test-secret";
// 700 KB of bytes that are not all alike, so a cut or a mix-up changes the hash.
const BYTES = Buffer.from(Array.from({ length: 700 * 1024 }, (_, i) => (i * 7919) % 251));
const SHA = createHash("sha256").update(BYTES).digest("hex");

let main: Server;
let foreign: Server;
let base: string;
let foreignBase: string;
const hits = new Map<string, number>();
const foreignHeaders: IncomingHttpHeaders[] = [];

function route(path: string, res: import("node:http").ServerResponse): unknown {
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  const whole = () => {
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": BYTES.length });
    res.end(BYTES);
  };
  switch (path) {
    case "/ok":
      return whole();
    case "/cut-once":
      // Content-Length promises every byte; the first answer stops at a third and drops the socket.
      if (n > 1) return whole();
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": BYTES.length });
      res.write(BYTES.subarray(0, BYTES.length / 3), () => res.destroy());
      return;
    case "/reset-once":
      // No Content-Length (chunked): only the socket reset mid-body tells the body is incomplete.
      if (n > 1) return whole();
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write(BYTES.subarray(0, 4096), () => res.socket?.destroy());
      return;
    case "/short": {
      // A complete answer with fewer bytes than claude.ai listed for the file.
      const half = BYTES.subarray(0, 1000);
      res.writeHead(200, { "content-length": half.length });
      res.end(half);
      return;
    }
    case "/html":
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!DOCTYPE html><html><body>viewer</body></html>");
      return;
    case "/gone":
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ type: "error", error: { type: "not_found_error", message: "File not found" } }),
      );
      return;
    case "/redirect":
      res.writeHead(302, { location: "https://elsewhere.invalid/x" });
      res.end();
      return;
    case "/slow":
      setTimeout(whole, 2000).unref();
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}

before(async () => {
  main = createServer((req, res) => route(req.url ?? "/", res));
  foreign = createServer((req, res) => {
    foreignHeaders.push(req.headers);
    if (req.url?.startsWith("/expired")) {
      res.writeHead(403, { "content-type": "application/xml" });
      res.end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      return;
    }
    res.writeHead(200, { "content-type": "image/png", "content-length": BYTES.length });
    res.end(BYTES);
  });
  await new Promise<void>((resolve) => main.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(main.address() as AddressInfo).port}`;
  // Another origin: "localhost" instead of the address (and another port).
  foreignBase = `http://localhost:${(foreign.address() as AddressInfo).port}`;
});
after(async () => {
  main.closeAllConnections();
  foreign.closeAllConnections();
  await new Promise<void>((resolve) => main.close(() => resolve()));
  await new Promise<void>((resolve) => foreign.close(() => resolve()));
});

function client(options: { signal?: AbortSignal; withForeign?: boolean } = {}) {
  const headers = { cookie: `sessionKey=${SECRET}`, "user-agent": "test" };
  const transport = createTransport({ baseUrl: base, connections: 2, headers, timeoutMs: 5000 });
  const foreignTransport =
    options.withForeign === false
      ? undefined
      : createForeignTransport({ connections: 2, headers, timeoutMs: 5000 });
  const retries: string[] = [];
  const http = createHttpClient({
    transport,
    baseUrl: base,
    ...(foreignTransport ? { foreign: foreignTransport } : {}),
    pacer: createPacer({ spacingMs: 0, now: Date.now }),
    policy: { retries: 3, minDelayMs: 5, maxDelayMs: 20 },
    sleep: realSleep,
    now: Date.now,
    random: Math.random,
    secrets: [SECRET],
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: (info) => retries.push(info.reason),
  });
  const close = async () => {
    await transport.close();
    await foreignTransport?.close();
  };
  return { http, retries, close };
}

// Every file under files/sha256, temp files included.
async function stored(root: string): Promise<string[]> {
  const entries = await readdir(blobsDir(root), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

test("a download streams to its blob under the content's sha256, and the same bytes are stored once", async () => {
  const root = await tempDir();
  const { http, close } = client();
  try {
    const first = await http.download("/ok", "file", createBlobSink(root.path));
    assert.deepEqual({ sha256: first.sha256, size: first.size }, { sha256: SHA, size: BYTES.length });
    assert.deepEqual(await readFile(blobPath(root.path, SHA)), BYTES);
    const again = await http.download(`${base}/ok`, "file", createBlobSink(root.path));
    assert.equal(again.sha256, SHA);
    assert.deepEqual(await stored(root.path), [SHA]);
  } finally {
    await close();
    await root.cleanup();
  }
});

test("a download cut short (Content-Length) or reset mid-body is retried and leaves no partial file", async () => {
  const root = await tempDir();
  const { http, retries, close } = client();
  try {
    for (const path of ["/cut-once", "/reset-once"]) {
      const blob = await http.download(path, path, createBlobSink(root.path));
      assert.equal(blob.sha256, SHA, path);
      assert.equal(hits.get(path), 2, path);
    }
    assert.equal(retries.length, 2);
    assert.deepEqual(await stored(root.path), [SHA]);
  } finally {
    await close();
    await root.cleanup();
  }
});

test("a body shorter than the size claude.ai listed is retried, then fails without a file", async () => {
  const root = await tempDir();
  const { http, close } = client();
  try {
    await assert.rejects(
      http.download("/short", "short file", createBlobSink(root.path, { expectedSize: BYTES.length })),
      (error: unknown) => error instanceof ApiError && error.code === "BAD_RESPONSE",
    );
    assert.equal(hits.get("/short"), 4);
    assert.deepEqual(await stored(root.path), []);
  } finally {
    await close();
    await root.cleanup();
  }
});

test("a content check refuses an HTML page where an image was asked for, without retrying or a file", async () => {
  const root = await tempDir();
  const { http, close } = client();
  const check = (type: string | undefined, first: Buffer) => {
    if (/html/i.test(type ?? "") || first.toString("latin1").trimStart().startsWith("<")) {
      throw new Error("not an image");
    }
  };
  try {
    await assert.rejects(
      http.download("/html", "preview", createBlobSink(root.path, { check })),
      /not an image/,
    );
    assert.equal(hits.get("/html"), 1);
    assert.deepEqual(await stored(root.path), []);
  } finally {
    await close();
    await root.cleanup();
  }
});

test("404 is NOT_FOUND and a redirect fails the file (never followed)", async () => {
  const root = await tempDir();
  const { http, close } = client();
  try {
    await assert.rejects(
      http.download("/gone", "gone file", createBlobSink(root.path)),
      (error: unknown) => error instanceof ApiError && error.code === "NOT_FOUND",
    );
    await assert.rejects(
      http.download("/redirect", "moved file", createBlobSink(root.path)),
      (error: unknown) => error instanceof ApiError && /redirect/.test(error.message),
    );
  } finally {
    await close();
    await root.cleanup();
  }
});

test("a URL on another host is fetched without the session cookie; its 403 fails only that file", async () => {
  const root = await tempDir();
  const { http, close } = client();
  try {
    foreignHeaders.length = 0;
    const blob = await http.download(`${foreignBase}/signed/a?sig=abc`, "signed", createBlobSink(root.path));
    assert.equal(blob.sha256, SHA);
    await assert.rejects(
      http.download(`${foreignBase}/expired/a`, "expired", createBlobSink(root.path)),
      (error: unknown) => error instanceof ApiError && error.code === "FORBIDDEN",
    );
    assert.equal(foreignHeaders.length, 2);
    for (const headers of foreignHeaders) {
      assert.equal(headers.cookie, undefined);
      assert.ok(!JSON.stringify(headers).includes(SECRET));
      assert.equal(headers["user-agent"], "test");
    }
  } finally {
    await close();
    await root.cleanup();
  }
  const bare = client({ withForeign: false });
  try {
    await assert.rejects(
      bare.http.download(`${foreignBase}/signed/a`, "signed", createBlobSink(root.path)),
      /refusing/,
    );
  } finally {
    await bare.close();
  }
});

test("an abort comes out as the AbortError it is (redaction copies errors, never assigns to them)", async () => {
  const root = await tempDir();
  const controller = new AbortController();
  const { http, close } = client({ signal: controller.signal });
  try {
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(http.getJson("/slow", "slow"), (error: unknown) => {
      assert.ok(!(error instanceof TypeError), String(error));
      return (error as Error).name === "AbortError";
    });
  } finally {
    await close();
    await root.cleanup();
  }
});

test("a secret in an abort's DOMException message is redacted on a copy of the same class", async () => {
  const controller = new AbortController();
  const { http, close } = client({ signal: controller.signal });
  try {
    setTimeout(() => controller.abort(new DOMException(`stopped ${SECRET}`, "AbortError")), 100);
    await assert.rejects(
      http.download("/slow", "slow", createBlobSink("/nonexistent-never-written")),
      (error: unknown) => {
        assert.ok(error instanceof DOMException);
        assert.equal(error.name, "AbortError");
        assert.equal(error.message, "stopped [redacted]");
        assert.ok(!String(error.stack).includes(SECRET));
        return true;
      },
    );
  } finally {
    await close();
  }
});

test("an ApiError with the secret in its text keeps its class, code and status", async () => {
  const root = await tempDir();
  const { http, close } = client();
  try {
    await assert.rejects(http.getJson("/gone", `file of ${SECRET}`), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, "NOT_FOUND");
      assert.equal(error.status, 404);
      assert.ok(!error.message.includes(SECRET));
      assert.match(error.message, /\[redacted\]/);
      return true;
    });
  } finally {
    await close();
    await root.cleanup();
  }
});

test("blob directory holds no temp file after all the tests' failures", async () => {
  const root = await tempDir();
  const { http, close } = client();
  try {
    await http.download("/ok", "file", createBlobSink(root.path));
    const names = await readdir(join(root.path, "files", "sha256"));
    assert.ok(names.every((name) => !name.endsWith(".tmp")));
  } finally {
    await close();
    await root.cleanup();
  }
});
