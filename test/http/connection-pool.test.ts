import assert from "node:assert/strict";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createConnectionPool } from "../../src/http/connection-pool.ts";
import { createPacer, type Pacer } from "../../src/http/pacer.ts";
import { createTransport } from "../../src/http/transport.ts";

// A raw TCP server, so that each test writes exactly the bytes it means: the answer for a request
// line's path comes from `answers`, and every socket the client opened is counted.
type Answer = (socket: Socket) => void;
const answers = new Map<string, Answer>();
let server: Server;
let base: string;
let opened = 0;
let open = 0;
let mostOpen = 0;
const seen: { path: string; at: number }[] = []; // every request line's path, as it arrived

const ok =
  (body: string, extra = "") =>
  (socket: Socket) =>
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);

before(async () => {
  server = createServer((socket) => {
    opened++;
    open++;
    mostOpen = Math.max(mostOpen, open);
    socket.on("close", () => open--);
    socket.on("error", () => {});
    let pending = "";
    socket.on("data", (data) => {
      pending += data.toString("latin1");
      for (let end = pending.indexOf("\r\n\r\n"); end >= 0; end = pending.indexOf("\r\n\r\n")) {
        const path = pending.slice(4, pending.indexOf(" ", 4));
        pending = pending.slice(end + 4);
        seen.push({ path, at: performance.now() });
        (answers.get(path.split("?")[0] ?? "") ?? ok("{}"))(socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const transport = (timeoutMs = 5000) =>
  createTransport({ baseUrl: base, connections: 2, headers: { cookie: "sessionKey=k" }, timeoutMs });

const counting = async (run: () => Promise<void>) => {
  opened = 0;
  mostOpen = open;
  await run();
  return { opened, mostOpen };
};

test("GETs beyond the cap wait for a connection; one after another reuse the same one", async () => {
  answers.set("/slow", (socket) => setTimeout(() => ok('{"slow":1}')(socket), 30));
  const t = transport();
  try {
    const parallel = await counting(async () => {
      const all = await Promise.all(Array.from({ length: 7 }, () => t.get("/slow")));
      assert.deepEqual(new Set(all.map((answer) => answer.body.toString())), new Set(['{"slow":1}']));
    });
    assert.equal(parallel.opened, 2, "seven GETs under a cap of two opened two connections");
    assert.ok(parallel.mostOpen <= 2);
    const serial = await counting(async () => {
      for (let i = 0; i < 5; i++) assert.equal((await t.get("/slow")).status, 200);
    });
    assert.equal(serial.opened, 0, "the kept-alive connections carried the next GETs");
  } finally {
    await t.close();
  }
});

test("a connection the server will soon close (keep-alive: timeout) or has closed is not used again", async () => {
  answers.set("/short-lived", ok("{}", "keep-alive: timeout=1\r\n"));
  answers.set("/then-close", (socket) => {
    ok("{}")(socket);
    setTimeout(() => socket.destroy(), 10);
  });
  const t = transport();
  try {
    const hinted = await counting(async () => {
      for (let i = 0; i < 3; i++) assert.equal((await t.get("/short-lived")).status, 200);
    });
    assert.equal(hinted.opened, 3, "each GET came after the announced idle time, less a second");
    const closed = await counting(async () => {
      for (let i = 0; i < 3; i++) {
        assert.equal((await t.get("/then-close")).status, 200);
        await sleep(50);
      }
    });
    assert.equal(closed.opened, 3, "a connection the server closed was replaced, without an error");
  } finally {
    await t.close();
  }
});

test("a GET on a kept-alive connection that the server closes unanswered goes again once, on a new one", async () => {
  // The race of a server closing an idle connection just as the next request goes out on it.
  const answered = new WeakSet<Socket>();
  answers.set("/stale", (socket) => {
    if (answered.has(socket)) return socket.destroy();
    answered.add(socket);
    ok('{"ok":1}')(socket);
  });
  answers.set("/drop", (socket) => socket.destroy());
  const t = createTransport({ baseUrl: base, connections: 1, headers: {}, timeoutMs: 5000 });
  try {
    const stale = await counting(async () => {
      assert.equal((await t.get("/stale")).status, 200);
      assert.equal((await t.get("/stale")).status, 200, "sent again on a new connection, no error");
    });
    assert.equal(stale.opened, 2);
    // Once only, and never for a connection's first answer: a server that drops every request fails it.
    const dropped = await counting(async () => {
      await assert.rejects(
        t.get("/drop"),
        (error: unknown) => (error as { code?: unknown }).code === "ECONNRESET",
      );
    });
    assert.equal(dropped.opened, 1, "the reused connection, then one new one: two tries in all");
  } finally {
    await t.close();
  }
});

test("a server that goes silent fails the GET with ETIMEDOUT, retried like a reset", async () => {
  answers.set("/silent", () => {});
  answers.set("/stalls", (socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf"));
  const t = transport(150);
  try {
    for (const path of ["/silent", "/stalls"]) {
      await assert.rejects(
        t.get(path),
        (error: unknown) =>
          (error as { code?: unknown }).code === "ETIMEDOUT" &&
          /no answer from 127\.0\.0\.1/.test(String(error)),
      );
    }
    assert.equal((await t.get("/fine")).status, 200, "the next GET gets a fresh connection");
  } finally {
    await t.close();
  }
});

test("a streamed body is read in full with backpressure; one dumped unread frees its GET slot", async () => {
  const big = "x".repeat(4 * 1024 * 1024);
  answers.set("/big", ok(big));
  const t = transport();
  try {
    const answer = await t.stream("/big");
    let length = 0;
    for await (const chunk of answer.body) {
      length += chunk.length;
      if (length < 1024 * 1024) await sleep(1); // a slow reader: the connection is paused meanwhile
    }
    assert.equal(length, big.length);
    const dumped = await Promise.all([t.stream("/big"), t.stream("/big")]);
    for (const each of dumped) await each.dump();
    assert.equal((await t.get("/fine")).status, 200, "both dumped connections were given up, not left busy");
  } finally {
    await t.close();
  }
});

test("an answer that is not HTTP/1.1 is a malformed answer, and the connection is dropped", async () => {
  answers.set("/garbage", (socket) => socket.write("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
  const t = transport();
  try {
    await assert.rejects(t.get("/garbage"), /malformed HTTP answer: not an HTTP\/1\.1 answer/);
    assert.equal((await t.get("/fine")).status, 200);
  } finally {
    await t.close();
  }
});

// A pool of its own, logging each request it writes and each answer's end, with the time of each.
function loggedPool(connections: number, pacer?: Pacer) {
  const log: { what: string; at: number }[] = [];
  const note = (what: string) => log.push({ what, at: performance.now() });
  const pool = createConnectionPool({
    connections,
    timeoutMs: 5000,
    head: `\r\nhost: ${new URL(base).host}\r\n\r\n`,
    connect() {
      const socket = createConnection({ host: "127.0.0.1", port: Number(new URL(base).port) });
      const write = socket.write.bind(socket);
      socket.write = ((data: string, ...rest: never[]) => {
        note(`write ${data.split(" ")[1]}`);
        return write(data, ...rest);
      }) as typeof socket.write;
      return socket;
    },
    silence: () => new Error("silent"),
    explain: (error) => error,
    pacer,
  });
  const get = (path: string) =>
    new Promise<void>((resolve, reject) =>
      pool.get(path, {
        head() {},
        body() {},
        end() {
          note(`end ${path}`);
          resolve();
        },
        fail: reject,
      }),
    );
  return { pool, log, get };
}

test("the next GET in line is written from the read that ended the answer before it", async () => {
  const { pool, log, get } = loggedPool(1);
  try {
    await Promise.all([get("/a"), get("/b"), get("/c")]);
    // Each answer's reader hears of it only after the connection carries the next GET.
    assert.deepEqual(
      log.map((event) => event.what),
      ["write /a", "write /b", "end /a", "write /c", "end /b", "end /c"],
    );
  } finally {
    pool.close();
  }
});

test("after an answer other than a 2xx, the next GET in line waits until that answer was judged", async () => {
  answers.set("/expired", (socket) =>
    socket.write("HTTP/1.1 401 Unauthorized\r\ncontent-length: 2\r\n\r\n{}"),
  );
  const t = createTransport({ baseUrl: base, connections: 1, headers: {}, timeoutMs: 5000 });
  const run = new AbortController();
  seen.length = 0;
  try {
    // The reader of the 401 stops the run in a microtask, as the sync's error handling does.
    const first = t.get("/expired", run.signal).then((answer) => {
      assert.equal(answer.status, 401);
      run.abort();
    });
    const next = t.get("/next", run.signal);
    await first;
    await assert.rejects(next, (error: unknown) => (error as Error).name === "AbortError");
    await sleep(20);
    assert.deepEqual(
      seen.map((request) => request.path),
      ["/expired"],
      "nothing was sent after the 401",
    );
  } finally {
    await t.close();
  }
});

test("the pacer's spacing and a 429's pause hold as requests are written, whatever waits in line", async () => {
  // The clock the pool's timers are measured against, to the fraction of a millisecond.
  const pacer = createPacer({ spacingMs: 40, now: () => performance.now() });
  const { pool, log, get } = loggedPool(2, pacer);
  try {
    await Promise.all(Array.from({ length: 4 }, (_, i) => get(`/spaced-${i}`)));
    pacer.pauseFor(200);
    const paused = performance.now();
    await get("/after-the-pause");
    const writes = log.filter((event) => event.what.startsWith("write")).map((event) => event.at);
    assert.equal(writes.length, 5);
    for (let i = 1; i < 4; i++) {
      const gap = (writes[i] ?? 0) - (writes[i - 1] ?? 0);
      assert.ok(gap >= 39.5, `request ${i} was written ${gap.toFixed(1)} ms after the one before`);
    }
    const waited = (writes[4] ?? 0) - paused;
    assert.ok(waited >= 199.5, `the request after the pause was written after ${waited.toFixed(1)} ms`);
  } finally {
    pool.close();
  }
});
