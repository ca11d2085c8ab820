import assert from "node:assert/strict";
import { get as httpGet, type IncomingHttpHeaders } from "node:http";
import { after, before, test } from "node:test";
import { gunzipSync } from "node:zlib";
import {
  BROWSER_UA,
  browserHeaders,
  chatPath,
  get,
  getJson,
  listPath,
  type Row,
  type V2Page,
  v2Path,
} from "./browser.ts";
import { type Account, type FakeClaude, type MessageJson, startFakeClaude } from "./server.ts";

let fake: FakeClaude;
let org: string;

before(async () => {
  fake = await startFakeClaude();
  org = fake.chatOrgs()[0]?.uuid ?? "";
});
after(() => fake.close());

function chatMessages(body: string): MessageJson[] {
  return (JSON.parse(body) as { chat_messages: MessageJson[] }).chat_messages;
}

test("no or a wrong sessionKey gets the exact account_session_invalid 403", async () => {
  for (const cookie of [undefined, "sessionKey=sk-ant-sid02-FAKE-wrong", `other=${fake.sessionKey}`]) {
    const headers: Record<string, string> = { "user-agent": BROWSER_UA };
    if (cookie) headers.cookie = cookie;
    const res = await get(fake, "/api/account", headers);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.match(res.headers.get("request-id") ?? "", /^req_/);
    assert.equal(res.headers.get("server"), "cloudflare");
    assert.ok(res.headers.get("cf-ray"));
    assert.equal(res.headers.get("x-should-retry"), "false");
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(body.error, {
      type: "permission_error",
      message: "Invalid authorization",
      details: { error_code: "account_session_invalid", error_visibility: "user_facing" },
    });
    assert.equal(body.type, "error");
    assert.match(String(body.request_id), /^req_/);
  }
  const quoted = await get(fake, "/api/account", {
    "user-agent": BROWSER_UA,
    cookie: `sessionKey="${fake.sessionKey}"`,
  });
  assert.equal(quoted.status, 200);
});

test("a non-browser User-Agent gets the Cloudflare challenge", async () => {
  const res = await fetch(`${fake.url}/api/account`, {
    headers: { cookie: `sessionKey=${fake.sessionKey}` },
  });
  assert.equal(res.status, 403);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  assert.equal(res.headers.get("cf-mitigated"), "challenge");
  assert.equal(res.headers.get("server"), "cloudflare");
  assert.match(await res.text(), /<title>Just a moment\.\.\.<\/title>/);
});

test("account and organizations list the chat orgs plus one API-only org", async () => {
  const account = await getJson<Account>(fake, "/api/account");
  assert.equal(account.memberships.length, 3);
  const chat = account.memberships.filter((m) => m.organization.capabilities.includes("chat"));
  assert.deepEqual(
    chat.map((m) => m.organization.uuid),
    fake.chatOrgs().map((o) => o.uuid),
  );
  assert.ok(account.memberships.some((m) => m.organization.capabilities.join() === "api,api_individual"));
  assert.ok(chat.some((m) => m.organization.name.includes("'s") && m.organization.name.includes("@")));
  assert.ok(chat.some((m) => m.organization.name.includes("/")));
  const orgs = await getJson<{ uuid: string }[]>(fake, "/api/organizations");
  assert.deepEqual(
    orgs.map((o) => o.uuid),
    account.memberships.map((m) => m.organization.uuid),
  );
});

test("v1 without params serves the whole list; limit/offset pages walk it in order", async () => {
  const whole = await getJson<Row[]>(fake, listPath(org));
  assert.deepEqual(whole, fake.listEntries(org));
  assert.equal(whole.length, 25);
  assert.ok(whole.some((r) => r.is_starred) && whole.some((r) => !r.is_starred));
  for (let i = 1; i < whole.length; i++) {
    assert.ok((whole[i - 1]?.updated_at ?? "") > (whole[i]?.updated_at ?? ""), "newest first");
  }
  const walked: Row[] = [];
  for (let offset = 0; ; offset += 7) {
    const page = await getJson<Row[]>(fake, listPath(org, `limit=7&offset=${offset}`));
    walked.push(...page);
    if (page.length < 7) break;
  }
  assert.deepEqual(walked, whole);
  assert.deepEqual(await getJson(fake, listPath(org, "limit=5&offset=100")), []);
});

test("v2 splits starred from unstarred and pages with has_more", async () => {
  const whole = fake.listEntries(org) as Row[];
  const walk = async (starred: string): Promise<Row[]> => {
    const rows: Row[] = [];
    for (let offset = 0; ; offset += 4) {
      const page = await getJson<V2Page>(
        fake,
        v2Path(org, `limit=4&offset=${offset}${starred}&consistency=strong`),
      );
      rows.push(...page.data);
      assert.equal(
        page.has_more,
        offset + 4 < whole.filter((r) => r.is_starred === (starred === "&starred=true")).length,
      );
      if (!page.has_more) return rows;
    }
  };
  const starred = await walk("&starred=true");
  const unstarred = await walk("&starred=false");
  assert.ok(starred.length > 0 && starred.every((r) => r.is_starred));
  assert.ok(unstarred.every((r) => !r.is_starred));
  assert.deepEqual(unstarred, await walk(""));
  assert.deepEqual([...starred, ...unstarred].map((r) => r.uuid).sort(), whole.map((r) => r.uuid).sort());
});

test("v2 defaults to 30 rows; maxLimit silently caps every list", async () => {
  const big = await startFakeClaude({ organizations: 1, chatsPerOrg: 60, maxLimit: 40 });
  try {
    const bigOrg = big.chatOrgs()[0]?.uuid ?? "";
    const first = await getJson<V2Page>(big, v2Path(bigOrg));
    assert.equal(first.data.length, 30);
    assert.equal(first.has_more, true);
    const capped = await getJson<V2Page>(big, v2Path(bigOrg, "limit=100"));
    assert.equal(capped.data.length, 40);
    assert.equal(capped.has_more, true);
    assert.equal((await getJson<Row[]>(big, listPath(bigOrg))).length, 40);
    big.setMaxLimit(undefined);
    assert.equal((await getJson<Row[]>(big, listPath(bigOrg))).length, 60);
  } finally {
    await big.close();
  }
});

test("v1 can be removed (404) while v2 keeps working", async () => {
  fake.setV1ListRemoved(true);
  try {
    const res = await get(fake, listPath(org, "limit=5"));
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { type: string } }).error.type, "not_found_error");
    assert.equal((await get(fake, v2Path(org))).status, 200);
  } finally {
    fake.setV1ListRemoved(false);
  }
});

test("detail: tree=True serves all branches byte-exactly, no tree only the current branch", async () => {
  const chats = fake.chatOrgs().flatMap((o) => [...o.chats.values()].map((c) => ({ org: o.uuid, chat: c })));
  const branched = chats.find(
    ({ chat }) => new Set(chat.messages.map((m) => m.parent_message_uuid)).size < chat.messages.length,
  );
  assert.ok(branched, "some chat has a branch");
  const { org: o, chat } = branched;
  const res = await get(fake, chatPath(o, chat.uuid));
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual(bytes, Buffer.from(fake.chatBody(o, chat.uuid)));
  assert.equal(
    bytes.toString(),
    await (
      await get(fake, chatPath(o, chat.uuid, "tree=true&rendering_mode=messages&render_all_tools=true"))
    ).text(),
  );
  const all = chatMessages(bytes.toString());
  assert.equal(all.length, chat.messages.length);
  const leaf = chat.current_leaf_message_uuid;
  assert.ok(
    all.some((m) => m.uuid === leaf) && !all.some((m) => m.parent_message_uuid === leaf),
    "leaf is real",
  );

  const branch = chatMessages(
    await (await get(fake, chatPath(o, chat.uuid, "rendering_mode=messages&render_all_tools=true"))).text(),
  );
  assert.ok(branch.length < all.length);
  assert.equal(branch[0]?.parent_message_uuid, "00000000-0000-4000-8000-000000000000");
  assert.equal(branch.at(-1)?.uuid, leaf);
  for (let i = 1; i < branch.length; i++) assert.equal(branch[i]?.parent_message_uuid, branch[i - 1]?.uuid);
});

test("detail without rendering_mode or render_all_tools loses thinking and tool blocks", async () => {
  const o = fake.chatOrgs()[0];
  const chat = [...(o?.chats.values() ?? [])].find((c) =>
    c.messages.some((m) => m.content.some((b) => b.type === "tool_use")),
  );
  assert.ok(o && chat);
  const types = (query: string) =>
    get(fake, chatPath(o.uuid, chat.uuid, query))
      .then((r) => r.text())
      .then((t) => new Set(chatMessages(t).flatMap((m) => m.content.map((b) => b.type))));
  assert.ok((await types("tree=True&rendering_mode=messages&render_all_tools=true")).has("tool_use"));
  assert.ok(!(await types("tree=True&rendering_mode=messages")).has("tool_use"));
  assert.deepEqual([...(await types("tree=True"))], ["text"]);
});

test("errors: 400 for non-UUIDs, 404 for unknown, 403 for the API org, 405 for non-GET", async () => {
  const apiOrg = fake.account().memberships.find((m) => !m.organization.capabilities.includes("chat"));
  const unknown = "3c1f0a52-4444-4d21-9f0e-2b7a6c5d4e31";
  const cases: [string, number, string, RegExp?][] = [
    [listPath("not-a-uuid"), 400, "invalid_request_error", /path\.organization_uuid/],
    [chatPath(org, "nope"), 400, "invalid_request_error", /path\.conversation_uuid/],
    [chatPath(org, unknown), 404, "not_found_error"],
    [listPath(unknown), 404, "not_found_error"],
    [
      listPath(apiOrg?.organization.uuid ?? ""),
      403,
      "permission_error",
      /^Invalid authorization for organization$/,
    ],
    [`/api/chat_conversations/${unknown}`, 404, "not_found_error"],
    ["/api/nothing/here", 404, "not_found_error"],
    [listPath(org, "limit=abc"), 400, "invalid_request_error", /query\.limit/],
    [chatPath(org, unknown, "tree=maybe"), 400, "invalid_request_error", /query\.tree/],
  ];
  for (const [path, status, type, message] of cases) {
    const res = await get(fake, path);
    assert.equal(res.status, status, path);
    if (status < 500) assert.equal(res.headers.get("x-should-retry"), "false");
    const body = (await res.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, type, path);
    if (message) assert.match(body.error.message, message);
  }
  const post = await fetch(`${fake.url}/api/account`, {
    method: "POST",
    headers: { "user-agent": BROWSER_UA },
  });
  assert.equal(post.status, 405);
});

test("every request is recorded in order with its kind, query and status", async () => {
  fake.resetRequests();
  const first = fake.listEntries(org)[0] as Row;
  await get(fake, "/api/account");
  await get(fake, v2Path(org, "limit=2&starred=true"));
  await get(fake, chatPath(org, first.uuid));
  await get(fake, "/favicon.ico");
  assert.deepEqual(
    fake.requests.map((r) => [r.kind, r.status]),
    [
      ["account", 200],
      ["list_v2", 200],
      ["chat", 200],
      ["other", 404],
    ],
  );
  assert.deepEqual(fake.requests[1]?.query, { limit: "2", starred: "true" });
  assert.equal(fake.requests[2]?.path, `/api/organizations/${org}/chat_conversations/${first.uuid}`);
  assert.equal(fake.count(), 4);
  assert.equal(fake.count("chat"), 1);
  fake.resetRequests();
  assert.equal(fake.count(), 0);
});

test("answers are gzip-compressed for clients that ask, and identical once decompressed", async () => {
  const gz = await startFakeClaude({ organizations: 1, chatsPerOrg: 3, seed: 12 });
  try {
    const [org] = gz.chatOrgs();
    assert.ok(org);
    const [first] = gz.listEntries(org.uuid) as { uuid: string }[];
    assert.ok(first);
    const path = `/api/organizations/${org.uuid}/chat_conversations/${first.uuid}?tree=True&rendering_mode=messages&render_all_tools=true`;
    const raw = await rawGet(gz, path, { ...browserHeaders(gz), "accept-encoding": "gzip, deflate, br" });
    assert.equal(raw.headers["content-encoding"], "gzip");
    assert.equal(Number(raw.headers["content-length"]), raw.body.length);
    assert.equal(gunzipSync(raw.body).toString("utf8"), gz.chatBody(org.uuid, first.uuid));
    const plain = await rawGet(gz, path, browserHeaders(gz));
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.body.toString("utf8"), gz.chatBody(org.uuid, first.uuid));
  } finally {
    await gz.close();
  }
});

// A GET through node:http, which (unlike fetch) neither asks for nor undoes compression by itself.
function rawGet(
  fake: FakeClaude,
  path: string,
  headers: Record<string, string>,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${fake.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    }).on("error", reject);
  });
}
