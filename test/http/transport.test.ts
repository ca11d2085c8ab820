import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { requestHead } from "../../src/http/request-head.ts";
import { withRetry } from "../../src/http/retry.ts";
import { TransientError } from "../../src/http/transient-error.ts";
import { createTransport } from "../../src/http/transport.ts";

// A real server whose answer per path the tests choose; it records the headers it was sent.
const BODY = JSON.stringify({ uuid: "x", name: "Café ☕ 日本語", chat_messages: [] });
let server: Server;
let base: string;
let seen: IncomingHttpHeaders | undefined;

before(async () => {
  server = createServer((req, res) => {
    seen = req.headers;
    const gz = gzipSync(Buffer.from(BODY));
    if (req.url === "/gzip") {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": gz.length,
      });
      res.end(gz);
    } else if (req.url === "/gzip-cut") {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": gz.length,
      });
      res.write(gz.subarray(0, gz.length >> 1), () => res.destroy());
    } else if (req.url === "/gzip-corrupt") {
      const junk = Buffer.from("this is not gzip");
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": junk.length,
      });
      res.end(junk);
    } else if (req.url === "/hang") {
      // Never answers: only an abort (or the timeout) ends such a request.
    } else if (req.url === "/redirect") {
      res.writeHead(302, { location: "/login" });
      res.end();
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(BODY);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const transport = () =>
  createTransport({ baseUrl: base, connections: 2, headers: { cookie: "sessionKey=k" }, timeoutMs: 5000 });

test("asks for compression like a browser and hands on the JSON exactly as served", async () => {
  const t = transport();
  try {
    const answer = await t.get("/gzip");
    assert.match(String(seen?.["accept-encoding"]), /gzip/);
    assert.equal(seen?.cookie, "sessionKey=k");
    // The request head is ours (request-head.ts), so Host is ours to send, port included.
    assert.equal(seen?.host, new URL(base).host);
    assert.equal(seen?.connection, "keep-alive");
    assert.equal(answer.status, 200);
    assert.equal(answer.body.toString("utf8"), BODY);
    assert.equal((await t.get("/plain")).body.toString("utf8"), BODY);
  } finally {
    await t.close();
  }
});

test("a compressed body cut short fails in a way the retry layer retries", async () => {
  const t = transport();
  try {
    let attempts = 0;
    await assert.rejects(
      withRetry(
        async () => {
          attempts++;
          return await t.get("/gzip-cut");
        },
        { policy: { retries: 1, minDelayMs: 1, maxDelayMs: 1 }, sleep: async () => {}, random: () => 0 },
      ),
      (error: unknown) => error instanceof Error && error.name === "ApiError",
    );
    assert.equal(attempts, 2);
  } finally {
    await t.close();
  }
});

test("a body that does not decompress is a malformed answer, worth another attempt", async () => {
  const t = transport();
  try {
    await assert.rejects(
      t.get("/gzip-corrupt"),
      (error: unknown) => error instanceof TransientError && error.kind === "malformed",
    );
  } finally {
    await t.close();
  }
});

test("a redirect is returned, never followed", async () => {
  const t = transport();
  try {
    const answer = await t.get("/redirect");
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.location, "/login");
  } finally {
    await t.close();
  }
});

test("one abort stops every request in flight under its signal, and later ones at once", async () => {
  const t = transport();
  const controller = new AbortController();
  try {
    // Answered before the abort: untouched by it.
    const done = await t.get("/plain", controller.signal);
    assert.equal(done.status, 200);
    const hanging = [t.get("/hang", controller.signal), t.get("/hang", controller.signal)];
    const other = new AbortController();
    const unrelated = t.get("/plain", other.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    controller.abort();
    for (const request of hanging) {
      await assert.rejects(request, (error: unknown) => (error as Error).name === "AbortError");
    }
    assert.ok(Date.now() - started < 1000, "the aborted requests ended at once, not at the timeout");
    assert.equal((await unrelated).status, 200, "a request under another signal goes on");
    await assert.rejects(
      t.get("/plain", controller.signal),
      (error: unknown) => (error as Error).name === "AbortError",
    );
  } finally {
    await t.close();
  }
});

test("the request head: Host as a browser sends it, the headers given, keep-alive, and no line breaks", () => {
  assert.equal(
    requestHead(new URL("https://claude.ai"), { cookie: "c" }),
    "\r\nhost: claude.ai\r\ncookie: c\r\nconnection: keep-alive\r\n\r\n",
  );
  assert.match(requestHead(new URL("https://claude.ai:443/x"), {}), /^\r\nhost: claude\.ai\r\n/);
  assert.match(requestHead(new URL("http://127.0.0.1:8080"), {}), /^\r\nhost: 127\.0\.0\.1:8080\r\n/);
  assert.match(requestHead(new URL("http://[::1]:8080"), {}), /^\r\nhost: \[::1\]:8080\r\n/);
  // A value that would end its header and start another is refused, and never echoed.
  assert.throws(
    () => requestHead(new URL("https://claude.ai"), { cookie: "sessionKey=secret\r\nx-evil: 1" }),
    (error: unknown) => error instanceof TypeError && !error.message.includes("secret"),
  );
  assert.throws(() => requestHead(new URL("https://claude.ai"), { "bad name": "v" }), TypeError);
});
