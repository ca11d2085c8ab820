import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { browserHeaders, chatPath, get, listPath, type Row, v2Path } from "./browser.ts";
import { type FakeClaude, type Fault, startFakeClaude } from "./server.ts";

let fake: FakeClaude;
let org: string;

before(async () => {
  fake = await startFakeClaude({ chatsPerOrg: 10 });
  org = fake.chatOrgs()[0]?.uuid ?? "";
});
after(() => fake.close());

async function errorType(res: Response): Promise<string> {
  return ((await res.json()) as { error: { type: string } }).error.type;
}

test("status faults look like the layer that sends them, then the next request succeeds", async () => {
  const expected: [500 | 502 | 503 | 504, RegExp][] = [
    [500, /^application\/json$/],
    [502, /^text\/html/],
    [503, /^text\/plain/],
    [504, /^text\/html/],
  ];
  for (const [status, contentType] of expected) {
    fake.injectFault("account", { type: "status", status });
    const res = await get(fake, "/api/account");
    assert.equal(res.status, status);
    assert.match(res.headers.get("content-type") ?? "", contentType);
    assert.equal(res.headers.get("server"), "cloudflare");
    if (status === 500) assert.equal(await errorType(res), "api_error");
    else await res.arrayBuffer();
    assert.equal((await get(fake, "/api/account")).status, 200);
  }
});

test("rate_limit sends 429 with Retry-After as given, or none", async () => {
  const date = "Wed, 21 Oct 2026 07:28:00 GMT";
  for (const [retryAfter, header] of [
    ["1", "1"],
    [2, "2"],
    [date, date],
    [undefined, null],
  ] as const) {
    fake.injectFault("list_v2", { type: "rate_limit", retryAfter });
    const res = await get(fake, v2Path(org));
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), header);
    assert.equal(await errorType(res), "rate_limit_error");
  }
});

test("reset drops the socket: fetch fails and the request is logged with status 0", async () => {
  fake.resetRequests();
  fake.injectFault("account", { type: "reset" });
  await assert.rejects(get(fake, "/api/account"), TypeError);
  assert.deepEqual(
    fake.requests.map((r) => [r.kind, r.status, r.fault]),
    [["account", 0, "reset"]],
  );
  assert.equal((await get(fake, "/api/account")).status, 200);
});

// Browser headers asking for an uncompressed body, so that Content-Length counts the JSON's own bytes.
function identity(): Record<string, string> {
  return { ...browserHeaders(fake), "accept-encoding": "identity" };
}

test("a truncated gzip body fails too", async () => {
  const first = fake.listEntries(org)[0] as Row;
  fake.injectFault("chat", { type: "truncate" });
  const res = await get(fake, chatPath(org, first.uuid));
  assert.equal(res.headers.get("content-encoding"), "gzip");
  await assert.rejects(res.arrayBuffer());
});

test("truncate promises the full Content-Length, sends half, then the body read fails", async () => {
  const first = fake.listEntries(org)[0] as Row;
  fake.injectFault("chat", { type: "truncate" });
  const res = await get(fake, chatPath(org, first.uuid), identity());
  assert.equal(res.status, 200);
  assert.equal(Number(res.headers.get("content-length")), Buffer.byteLength(fake.chatBody(org, first.uuid)));
  await assert.rejects(res.arrayBuffer());
});

test("malformed is a complete 200 JSON answer that does not parse", async () => {
  fake.injectFault("list_v1", { type: "malformed" });
  const res = await get(fake, listPath(org, "limit=5"), identity());
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json");
  const text = await res.text();
  assert.equal(Buffer.byteLength(text), Number(res.headers.get("content-length")));
  assert.throws(() => JSON.parse(text), SyntaxError);
});

test("slow answers correctly after the delay", async () => {
  fake.injectFault("account", { type: "slow", ms: 150 });
  const started = performance.now();
  const res = await get(fake, "/api/account");
  assert.equal(res.status, 200);
  assert.ok(performance.now() - started >= 140);
  assert.equal(((await res.json()) as { email_address: string }).email_address, "ada@example.org");
});

test("auth-like faults: Cloudflare challenge, expired session, foreign org, login redirect, not found", async () => {
  fake.injectFault("chat", { type: "cloudflare" });
  const first = fake.listEntries(org)[0] as Row;
  const challenge = await get(fake, chatPath(org, first.uuid));
  assert.equal(challenge.status, 403);
  assert.equal(challenge.headers.get("cf-mitigated"), "challenge");
  assert.match(await challenge.text(), /Just a moment\.\.\./);

  fake.injectFault("account", { type: "session_invalid" });
  const expired = await get(fake, "/api/account");
  assert.equal(expired.status, 403);
  assert.match(await expired.text(), /"error_code":"account_session_invalid"/);

  fake.injectFault("list_v2", { type: "org_forbidden" });
  const forbidden = (await (await get(fake, v2Path(org))).json()) as { error: { message: string } };
  assert.equal(forbidden.error.message, "Invalid authorization for organization");

  fake.injectFault("account", { type: "redirect" });
  fake.injectFault("account", { type: "redirect", location: "https://claude.ai/login?returnTo=%2F" });
  const redirect = await get(fake, "/api/account");
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.get("location"), "/login");
  assert.equal(
    (await get(fake, "/api/account")).headers.get("location"),
    "https://claude.ai/login?returnTo=%2F",
  );

  fake.injectFault("chat", { type: "not_found" });
  assert.equal(await errorType(await get(fake, chatPath(org, first.uuid))), "not_found_error");
});

test("scripted faults match by kind or by RegExp on path and query, `times` requests each, in order", async () => {
  fake.injectFault(/starred=true/, { type: "status", status: 503 }, 2);
  fake.injectFault("list_v2", { type: "status", status: 502 });
  const statuses: number[] = [];
  for (const query of ["starred=false", "starred=true", "starred=true", "starred=true"]) {
    const res = await get(fake, v2Path(org, query));
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  assert.deepEqual(statuses, [502, 503, 503, 200]);
  fake.injectFault("account", { type: "status", status: 500 }, 5);
  fake.clearFaults();
  assert.equal((await get(fake, "/api/account")).status, 200);
});

test("random faults hit only backup endpoints and only draw transient faults", async () => {
  const allowed = new Set([
    "rate_limit",
    "status_500",
    "status_502",
    "status_503",
    "reset",
    "truncate",
    "malformed",
    "slow",
  ]);
  const rows = fake.listEntries(org) as Row[];
  fake.resetRequests();
  fake.setFaultRate(1);
  try {
    const paths = [
      ...rows.map((r) => chatPath(org, r.uuid)),
      "/api/account",
      listPath(org),
      v2Path(org),
      "/api/x",
    ];
    await Promise.all(
      paths.map((p) =>
        get(fake, p)
          .then((r) => r.arrayBuffer())
          .catch(() => undefined),
      ),
    );
  } finally {
    fake.setFaultRate(0);
  }
  for (const record of fake.requests) {
    if (record.kind === "other") assert.equal(record.fault, undefined);
    else assert.ok(allowed.has(record.fault ?? "none"), `${record.fault}`);
  }
  assert.equal((await get(fake, "/api/account")).status, 200);
});

test("latency delays every answer, including errors", async () => {
  fake.setLatency(120);
  try {
    const started = performance.now();
    const res = await fetch(`${fake.url}/api/account`);
    await res.arrayBuffer();
    assert.equal(res.status, 403);
    assert.ok(performance.now() - started >= 110);
  } finally {
    fake.setLatency(0);
  }
});

test("an answer reflects what changed during its latency, and a slow fault adds to it", async () => {
  // The answer is made just before it is due (serve.ts), after every delay but its last moments.
  fake.setLatency(120);
  try {
    const first = fake.listEntries(org)[0] as Row;
    const started = performance.now();
    const pending = get(fake, chatPath(org, first.uuid));
    setTimeout(() => fake.renameChat(org, first.uuid, "Renamed while the request waited"), 40);
    const res = await pending;
    const chat = (await res.json()) as { name: string };
    assert.ok(performance.now() - started >= 110);
    assert.equal(chat.name, "Renamed while the request waited");

    fake.injectFault("chat", { type: "slow", ms: 100 });
    const slowStarted = performance.now();
    const slow = await get(fake, chatPath(org, first.uuid));
    await slow.arrayBuffer();
    assert.equal(slow.status, 200);
    assert.ok(
      performance.now() - slowStarted >= 210,
      "latency and the slow fault's delay, one after the other",
    );
  } finally {
    fake.setLatency(0);
  }
});

test("a fault of each type can be injected by type alone", async () => {
  const all: Fault[] = [{ type: "truncate" }, { type: "malformed" }, { type: "not_found" }];
  for (const fault of all) fake.injectFault("organizations", fault);
  for (const _ of all)
    await get(fake, "/api/organizations")
      .then((r) => r.text())
      .catch(() => undefined);
  assert.deepEqual(
    fake.requests.slice(-3).map((r) => r.fault),
    ["truncate", "malformed", "not_found"],
  );
});
