import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { get as httpGet } from "node:http";
import { after, before, test } from "node:test";
import { BROWSER_UA, browserHeaders, get, getJson } from "./browser.ts";
import {
  type ExpectedFile,
  type FakeClaude,
  type ForeignHost,
  startFakeClaude,
  startForeignHost,
} from "./server.ts";

let fake: FakeClaude;
let foreign: ForeignHost;
let org: string;

before(async () => {
  foreign = await startForeignHost();
  fake = await startFakeClaude({ files: true, foreignHost: foreign });
  org = fake.chatOrgs()[0]?.uuid ?? "";
});
after(async () => {
  await fake.close();
  await foreign.close();
});

type Entry = Record<string, unknown> & { file_uuid: string; file_kind: string };

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

// Every expected file of every chat in every org.
function everyExpected(f: FakeClaude = fake): ExpectedFile[] {
  return f.chatOrgs().flatMap((o) => [...o.chats.keys()].flatMap((c) => f.expectedFiles(o.uuid, c)));
}

function chatsOf(o: string): string[] {
  return [
    ...(fake
      .chatOrgs()
      .find((x) => x.uuid === o)
      ?.chats.keys() ?? []),
  ];
}

function messagesOf(o: string, chat: string): Record<string, unknown>[] {
  return (JSON.parse(fake.chatBody(o, chat)) as { chat_messages: Record<string, unknown>[] }).chat_messages;
}

test("files_v2 and files carry the same entries; some chats have only the old files shape", () => {
  let v2 = 0;
  let oldShape = 0;
  const kinds = new Set<string>();
  for (const chat of chatsOf(org)) {
    for (const message of messagesOf(org, chat)) {
      if (message.sender !== "human") continue;
      if (Array.isArray(message.files_v2)) {
        v2++;
        assert.deepEqual(message.files, message.files_v2);
        for (const entry of message.files_v2 as Entry[]) {
          kinds.add(entry.file_kind);
          assert.equal(entry.success, true);
          if (entry.file_kind === "blob") {
            assert.match(String(entry.path), /^\/mnt\/user-data\/uploads\//);
            assert.equal(typeof entry.size_bytes, "number");
            continue;
          }
          assert.match(
            String(entry.thumbnail_url),
            new RegExp(`^/api/${org}/files/${entry.file_uuid}/thumbnail$`),
          );
          if (entry.file_kind === "image") assert.match(String(entry.preview_url), /\/preview$/);
          else assert.match(String((entry.document_asset as { url: string }).url), /\/document_pdf(\?|$)/);
        }
      } else {
        oldShape++;
        for (const entry of message.files as Entry[]) {
          assert.equal(entry.success, undefined);
          assert.equal(entry.document_asset, undefined);
          assert.equal(entry.preview_asset, undefined);
        }
      }
    }
  }
  assert.ok(v2 > 0 && oldShape > 0, `${v2} ${oldShape}`);
  assert.deepEqual([...kinds].sort(), ["blob", "document", "image"]);
});

test("every file variant is served with the right type, length and bytes", async () => {
  const all = everyExpected().filter((f) => f.source === "file");
  const ok = all.filter((f) => f.status === "ok");
  assert.ok(ok.length > 20);
  for (const file of ok) {
    const res = await get(fake, file.url);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(res.status, 200, file.url);
    assert.equal(res.headers.get("content-type"), file.contentType);
    assert.equal(Number(res.headers.get("content-length")), file.size);
    assert.equal(bytes.length, file.size);
    assert.equal(sha256(bytes), file.sha256);
    assert.deepEqual(fake.fileBytes(file.url), bytes);
    if (file.contentType === "image/png") assert.equal(bytes.subarray(1, 4).toString(), "PNG");
    else assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
    if (file.contentType === "application/pdf") assert.match(bytes.subarray(-6).toString(), /%%EOF\n$/);
  }
  assert.ok(fake.count("file") >= ok.length);
});

test("some files share their bytes under different file_uuids", () => {
  const byHash = new Map<string, Set<string>>();
  for (const file of everyExpected()) {
    if (file.source !== "file" || file.status !== "ok") continue;
    const set = byHash.get(file.sha256) ?? new Set();
    set.add(file.fileUuid ?? "");
    byHash.set(file.sha256, set);
  }
  assert.ok([...byHash.values()].some((uuids) => uuids.size > 1));
});

test("file bytes need the session cookie and a browser, exactly like the JSON API", async () => {
  const file = everyExpected().find((f) => f.source === "file" && f.status === "ok");
  assert.ok(file);
  for (const cookie of [undefined, "sessionKey=sk-ant-sid02-wrong"]) {
    const headers: Record<string, string> = { "user-agent": BROWSER_UA };
    if (cookie) headers.cookie = cookie;
    const res = await get(fake, file.url, headers);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("content-type"), "application/json");
    const body = (await res.json()) as { error: { type: string; details: { error_code: string } } };
    assert.equal(body.error.type, "permission_error");
    assert.equal(body.error.details.error_code, "account_session_invalid");
  }
  const bot = await fetch(`${fake.url}${file.url}`, { headers: { cookie: `sessionKey=${fake.sessionKey}` } });
  assert.equal(bot.status, 403);
  assert.equal(bot.headers.get("cf-mitigated"), "challenge");
  await bot.arrayBuffer();
});

test("missing files 404 for good; unknown, malformed and org-prefixed URLs are refused", async () => {
  const missing = everyExpected().filter((f) => f.status === "missing");
  assert.ok(missing.length > 0);
  for (const file of missing.slice(0, 4)) {
    for (let i = 0; i < 2; i++) {
      const res = await get(fake, file.url);
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { error: { type: string } }).error.type, "not_found_error");
    }
    assert.equal(fake.fileBytes(file.url), undefined);
  }
  const ok = everyExpected().find(
    (f) => f.source === "file" && f.status === "ok" && f.variant === "thumbnail",
  );
  assert.ok(ok?.fileUuid);
  assert.equal((await get(fake, `/api/${org}/files/${crypto.randomUUID()}/preview`)).status, 404);
  assert.equal((await get(fake, `/api/${org}/files/not-a-uuid/preview`)).status, 400);
  assert.equal((await get(fake, `/api/organizations/${org}/files/${ok.fileUuid}/thumbnail`)).status, 404);
  assert.equal(fake.requests.at(-1)?.kind, "other");
  const otherOrg = fake.chatOrgs()[1]?.uuid ?? "";
  assert.equal((await get(fake, ok.url.replace(org, otherOrg))).status, 404);
  // A document has no /preview; and dropFile makes a served file vanish.
  const doc = everyExpected().find((f) => f.kind === "document" && f.status === "ok");
  assert.ok(doc?.fileUuid);
  assert.equal((await get(fake, `/api/${org}/files/${doc.fileUuid}/preview`)).status, 404);
  fake.dropFile(ok.fileUuid);
  assert.equal((await get(fake, ok.url)).status, 404);
  assert.equal(
    fake.expectedFiles(org, chatWith(ok.fileUuid)).find((f) => f.key === ok.key)?.status,
    "missing",
  );
});

function chatWith(fileUuid: string): string {
  return chatsOf(org).find((c) => fake.expectedFiles(org, c).some((f) => f.fileUuid === fileUuid)) ?? "";
}

test("/preview can answer an HTML viewer page: by option, and as an injected fault", async () => {
  const html = await startFakeClaude({ files: true, htmlPreviewShare: 1, organizations: 1, chatsPerOrg: 8 });
  try {
    const previews = everyExpected(html).filter((f) => f.variant === "preview");
    assert.ok(previews.length > 0);
    for (const file of previews.filter((f) => f.status !== "missing")) {
      assert.equal(file.status, "html_viewer");
      const res = await get(html, file.url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(await res.text(), /^<!DOCTYPE html>/);
      const contents = await get(html, file.url.replace(/preview$/, "contents"));
      assert.equal(contents.headers.get("content-type"), "image/png");
      await contents.arrayBuffer();
    }
  } finally {
    await html.close();
  }
  const file = everyExpected().find((f) => f.variant === "preview" && f.status === "ok");
  assert.ok(file);
  fake.injectFault("file", { type: "html_viewer" });
  const res = await get(fake, file.url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  await res.text();
  assert.equal(fake.requests.at(-1)?.fault, "html_viewer");
  assert.equal((await get(fake, file.url)).headers.get("content-type"), "image/png");
});

// A GET through node:http that reports the declared length and how many bytes came before the end.
function rawDownload(url: string): Promise<{ declared: number; received: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: browserHeaders(fake) }, (res) => {
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
      const declared = Number(res.headers["content-length"]);
      res.on("end", () => resolve({ declared, received, complete: res.complete }));
      res.on("error", () => resolve({ declared, received, complete: false }));
      res.on("aborted", () => resolve({ declared, received, complete: false }));
    }).on("error", reject);
  });
}

test("faults on file requests: truncated mid-body, reset, short body, slow", async () => {
  const file = everyExpected().find((f) => f.status === "ok" && f.size > 1000 && f.source === "file");
  assert.ok(file);
  fake.injectFault("file", { type: "truncate" });
  const cut = await rawDownload(`${fake.url}${file.url}`);
  assert.equal(cut.declared, file.size);
  assert.equal(cut.received, Math.floor(file.size / 2));
  assert.equal(cut.complete, false);
  fake.injectFault("file", { type: "truncate" });
  await assert.rejects(get(fake, file.url).then((r) => r.arrayBuffer()));
  fake.injectFault(/\/files\//, { type: "reset" });
  await assert.rejects(get(fake, file.url));
  fake.injectFault("file", { type: "malformed" });
  const short = await get(fake, file.url);
  const shortBytes = Buffer.from(await short.arrayBuffer());
  assert.equal(shortBytes.length, Math.floor(file.size / 2));
  assert.notEqual(sha256(shortBytes), file.sha256);
  fake.injectFault("file", { type: "slow", ms: 150 });
  const started = performance.now();
  const slow = Buffer.from(await (await get(fake, file.url)).arrayBuffer());
  assert.ok(performance.now() - started >= 140);
  assert.equal(sha256(slow), file.sha256);
});

test("signed asset URLs on a second origin: no cookie needed, headers recorded, bad or expired signatures refused", async () => {
  const signed = everyExpected().filter((f) => f.signedUrl !== undefined && f.status === "ok");
  assert.ok(signed.length > 0);
  assert.ok(signed.every((f) => f.signedUrl?.startsWith(foreign.url)));
  assert.notEqual(new URL(foreign.url).host, new URL(fake.url).host);
  foreign.requests.length = 0;
  for (const file of signed) {
    const res = await fetch(file.signedUrl ?? "");
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), file.contentType);
    assert.equal(sha256(bytes), file.sha256);
    assert.deepEqual(fake.fileBytes(file.signedUrl ?? ""), bytes);
  }
  assert.equal(foreign.requests.length, signed.length);
  assert.ok(foreign.requests.every((r) => r.headers.cookie === undefined && r.status === 200));
  const [first] = signed;
  assert.ok(first?.signedUrl);
  await (await fetch(first.signedUrl, { headers: { cookie: "sessionKey=leaked" } })).arrayBuffer();
  assert.equal(foreign.requests.at(-1)?.headers.cookie, "sessionKey=leaked");
  const forged = await fetch(first.signedUrl.replace(/sig=[0-9a-f]+/, "sig=00"));
  assert.equal(forged.status, 403);
  assert.match(await forged.text(), /SignatureDoesNotMatch/);
  foreign.setExpired(true);
  try {
    const expired = await fetch(first.signedUrl);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /Request has expired/);
  } finally {
    foreign.setExpired(false);
  }
  // The relative URL of the same file keeps working on the fake itself.
  assert.equal(sha256(Buffer.from(await (await get(fake, first.url)).arrayBuffer())), first.sha256);
});

test("the default world serves the files its chats already had, and gains no new ones", async () => {
  const plain = await startFakeClaude({ organizations: 1, chatsPerOrg: 10 });
  try {
    const o = plain.chatOrgs()[0]?.uuid ?? "";
    const files = everyExpected(plain);
    assert.ok(files.length > 0);
    assert.ok(files.every((f) => f.source === "file" && f.signedUrl === undefined && f.status === "ok"));
    for (const file of files.slice(0, 3)) {
      const bytes = Buffer.from(await (await get(plain, file.url)).arrayBuffer());
      assert.equal(sha256(bytes), file.sha256);
    }
    for (const chat of plain.chatOrgs()[0]?.chats.values() ?? []) {
      for (const m of chat.messages) {
        assert.ok(
          !m.content.some((b) => ["create_file", "bash_tool", "present_files"].includes(String(b.name))),
        );
      }
      const list = await getJson<{ files: string[] }>(
        plain,
        `/api/organizations/${o}/conversations/${chat.uuid}/wiggle/list-files?prefix=`,
      );
      assert.deepEqual(list.files, []);
    }
  } finally {
    await plain.close();
  }
});

test("files:true keeps the chats of a seed and is deterministic itself", async () => {
  const opts = { organizations: 1, chatsPerOrg: 8, seed: 9 };
  const plain = await startFakeClaude(opts);
  const a = await startFakeClaude({ ...opts, files: true });
  const b = await startFakeClaude({ ...opts, files: true });
  try {
    const o = plain.chatOrgs()[0]?.uuid ?? "";
    assert.deepEqual(a.listEntries(o), plain.listEntries(o));
    for (const row of a.listEntries(o) as { uuid: string }[]) {
      assert.equal(a.chatBody(o, row.uuid), b.chatBody(o, row.uuid));
      assert.deepEqual(a.expectedFiles(o, row.uuid), b.expectedFiles(o, row.uuid));
    }
  } finally {
    await Promise.all([plain.close(), a.close(), b.close()]);
  }
});

test("randomFaultKinds lets random faults reach file requests, and only the kinds named", async () => {
  const noisy = await startFakeClaude({
    files: true,
    organizations: 1,
    chatsPerOrg: 6,
    faultRate: 1,
    randomFaultKinds: ["file", "wiggle_download"],
  });
  try {
    assert.equal((await get(noisy, "/api/account")).status, 200);
    const file = everyExpected(noisy).find((f) => f.status === "ok");
    assert.ok(file);
    await get(noisy, file.url)
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
    assert.ok(noisy.requests.at(-1)?.fault !== undefined);
    assert.equal(noisy.requests[0]?.fault, undefined);
  } finally {
    await noisy.close();
  }
});
