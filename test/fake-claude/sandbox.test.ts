import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { BROWSER_UA, get, getJson } from "./browser.ts";
import { type FakeClaude, type MessageJson, startFakeClaude } from "./server.ts";

let fake: FakeClaude;
let org: string;

before(async () => {
  fake = await startFakeClaude({ files: true });
  org = fake.chatOrgs()[0]?.uuid ?? "";
});
after(() => fake.close());

interface Listing {
  success: boolean;
  files: string[];
  files_metadata: {
    path: string;
    size: number;
    content_type: string;
    created_at: string;
    custom_metadata: unknown;
  }[];
}

const listPath = (chat: string, prefix = ""): string =>
  `/api/organizations/${org}/conversations/${chat}/wiggle/list-files?prefix=${encodeURIComponent(prefix)}`;
const downloadPath = (chat: string, path: string): string =>
  `/api/organizations/${org}/conversations/${chat}/wiggle/download-file?path=${encodeURIComponent(path)}`;

function chats(): { uuid: string; messages: MessageJson[] }[] {
  return [...(fake.chatOrgs()[0]?.chats.values() ?? [])];
}

function sandboxChats(): string[] {
  return chats()
    .map((c) => c.uuid)
    .filter((c) => fake.expectedFiles(org, c).some((f) => f.source === "sandbox"));
}

function toolUses(messages: readonly MessageJson[], name: string): Record<string, unknown>[] {
  return messages.flatMap((m) =>
    m.content
      .filter((b) => b.type === "tool_use" && b.name === name)
      .map((b) => b.input as Record<string, unknown>),
  );
}

test("list-files: paths and metadata of uploads and outputs, filtered by prefix", async () => {
  const withSandbox = sandboxChats();
  assert.ok(withSandbox.length > 2);
  let uploads = 0;
  let outputs = 0;
  for (const chat of withSandbox) {
    const listing = await getJson<Listing>(fake, listPath(chat));
    assert.equal(listing.success, true);
    assert.deepEqual(
      listing.files,
      listing.files_metadata.map((m) => m.path),
    );
    const expected = fake.expectedFiles(org, chat).filter((f) => f.source === "sandbox");
    assert.deepEqual(
      listing.files,
      expected.map((f) => f.path),
    );
    for (const meta of listing.files_metadata) {
      assert.match(meta.path, /^\/mnt\/user-data\/(uploads|outputs)\//);
      assert.equal(meta.size, expected.find((f) => f.path === meta.path)?.size);
      assert.match(meta.content_type, /\//);
      assert.match(meta.created_at, /Z$/);
      assert.equal(typeof meta.custom_metadata, "object");
    }
    uploads += listing.files.filter((p) => p.includes("/uploads/")).length;
    outputs += listing.files.filter((p) => p.includes("/outputs/")).length;
    const onlyOutputs = await getJson<Listing>(fake, listPath(chat, "/mnt/user-data/outputs/"));
    assert.deepEqual(
      onlyOutputs.files,
      listing.files.filter((p) => p.startsWith("/mnt/user-data/outputs/")),
    );
  }
  assert.ok(uploads > 0 && outputs > 0);
  assert.equal(fake.requests.at(-1)?.kind, "wiggle_list");
});

test("download-file: bytes as application/octet-stream with Content-Length = size", async () => {
  for (const chat of sandboxChats()) {
    for (const file of fake.expectedFiles(org, chat).filter((f) => f.source === "sandbox")) {
      const res = await get(fake, downloadPath(chat, file.path ?? ""));
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/octet-stream");
      assert.equal(Number(res.headers.get("content-length")), file.size);
      assert.equal(createHash("sha256").update(bytes).digest("hex"), file.sha256);
      assert.equal(file.url, downloadPath(chat, file.path ?? ""));
    }
  }
  assert.equal(fake.requests.at(-1)?.kind, "wiggle_download");
});

test("blob uploads in files_v2 are the sandbox's uploads, same size", () => {
  let blobs = 0;
  for (const chat of chats()) {
    const sandbox = fake.expectedFiles(org, chat.uuid).filter((f) => f.source === "sandbox");
    for (const m of chat.messages) {
      for (const entry of (Array.isArray(m.files_v2) ? m.files_v2 : []) as Record<string, unknown>[]) {
        if (entry.file_kind !== "blob") continue;
        blobs++;
        assert.equal(sandbox.find((f) => f.path === entry.path)?.size, entry.size_bytes);
      }
    }
  }
  assert.ok(blobs > 0);
});

test("missing paths, missing params, unknown chats, the wrong path segment and the cookie", async () => {
  const [chat] = sandboxChats();
  assert.ok(chat);
  const missing = await get(fake, downloadPath(chat, "/mnt/user-data/outputs/nope.txt"));
  assert.equal(missing.status, 404);
  const body = (await missing.json()) as { error: { type: string; message: string } };
  assert.equal(body.error.type, "not_found_error");
  assert.equal(body.error.message, "File not found in container: /mnt/user-data/outputs/nope.txt");
  const noPath = await get(fake, `/api/organizations/${org}/conversations/${chat}/wiggle/download-file`);
  assert.equal(noPath.status, 400);
  assert.equal((await get(fake, listPath(crypto.randomUUID()))).status, 404);
  assert.equal((await get(fake, listPath("nope"))).status, 400);
  const wrong = await get(
    fake,
    `/api/organizations/${org}/chat_conversations/${chat}/wiggle/list-files?prefix=`,
  );
  assert.equal(wrong.status, 404);
  assert.equal(fake.requests.at(-1)?.kind, "other");
  const noCookie = await get(fake, listPath(chat), { "user-agent": BROWSER_UA });
  assert.equal(noCookie.status, 403);
  await noCookie.arrayBuffer();
  fake.injectFault("wiggle_download", { type: "truncate" });
  const file = fake.expectedFiles(org, chat).find((f) => f.source === "sandbox");
  assert.ok(file);
  await assert.rejects(get(fake, file.url).then((r) => r.arrayBuffer()));
});

test("sandbox tools: create_file, str_replace, bash_tool and present_files; outputs match a replay", () => {
  let created = 0;
  for (const chat of chats()) {
    const creates = toolUses(chat.messages, "create_file");
    if (creates.length === 0) continue;
    created += creates.length;
    assert.ok(toolUses(chat.messages, "present_files").every((i) => Array.isArray(i.filepaths)));
    // Replay create_file and str_replace in creation order, then compare with the sandbox's bytes.
    const files = new Map<string, string>();
    for (const m of chat.messages) {
      for (const b of m.content) {
        if (b.type !== "tool_use") continue;
        const input = b.input as Record<string, string>;
        if (b.name === "create_file") files.set(input.path ?? "", input.file_text ?? "");
        if (b.name === "str_replace") {
          const text = files.get(input.path ?? "") ?? "";
          files.set(
            input.path ?? "",
            text.replace(input.old_str ?? "", () => input.new_str ?? ""),
          );
        }
      }
    }
    for (const [path, text] of files) {
      const url = fake.expectedFiles(org, chat.uuid).find((f) => f.path === path)?.url ?? "";
      assert.equal(fake.fileBytes(url)?.toString(), text, path);
    }
  }
  assert.ok(created > 0);
  assert.ok(chats().some((c) => toolUses(c.messages, "bash_tool").length > 0));
  assert.ok(chats().some((c) => toolUses(c.messages, "str_replace").length > 0));
});

test("artifacts: create, update (old_str/new_str) and rewrite; the replay gives the latest content", () => {
  const [first] = chats();
  assert.ok(first);
  const artifacts = fake.expectedArtifacts(org, first.uuid);
  assert.ok(artifacts.some((a) => a.versions > 1));
  const commands = new Set(
    chats().flatMap((c) => toolUses(c.messages, "artifacts").map((i) => String(i.command))),
  );
  for (const command of ["create", "update", "rewrite"]) assert.ok(commands.has(command), command);
  for (const chat of chats()) {
    for (const input of toolUses(chat.messages, "artifacts")) {
      if (input.command === "update") {
        assert.equal(typeof input.old_str, "string");
        assert.equal(typeof input.new_str, "string");
      } else {
        assert.equal(typeof input.content, "string");
        assert.equal(typeof input.title, "string");
      }
    }
  }
  const edited = chats()
    .flatMap((c) => fake.expectedArtifacts(org, c.uuid))
    .find((a) => a.versions > 1);
  assert.ok(edited && / v\d|rewritten/.test(edited.content));
});

test("addLargeFile: a big blob streamed from the sandbox, and a big document at /document_pdf", async () => {
  const [chat] = chats();
  assert.ok(chat);
  const size = 24 * 1024 * 1024 + 123;
  const before = fake.listEntries(org)[0];
  const blob = fake.addLargeFile(org, chat.uuid, size);
  assert.equal(blob.size, size);
  assert.equal(blob.source, "sandbox");
  // The upload arrives with a new turn, so the chat moves to the top of the list.
  assert.notDeepEqual(fake.listEntries(org)[0], before);
  assert.equal((fake.listEntries(org)[0] as { uuid: string }).uuid, chat.uuid);
  const res = await get(fake, blob.url);
  assert.equal(res.status, 200);
  assert.equal(Number(res.headers.get("content-length")), size);
  const hash = createHash("sha256");
  let received = 0;
  for await (const part of res.body ?? []) {
    hash.update(part);
    received += part.length;
  }
  assert.equal(received, size);
  assert.equal(hash.digest("hex"), blob.sha256);
  const entry = chat.messages
    .flatMap((m) => (Array.isArray(m.files_v2) ? m.files_v2 : Array.isArray(m.files) ? m.files : []))
    .find((e) => (e as { path?: string }).path === blob.path) as { size_bytes: number } | undefined;
  assert.equal(entry?.size_bytes, size);

  const doc = fake.addLargeFile(org, chat.uuid, 3 * 1024 * 1024, "document");
  assert.equal(doc.variant, "document_pdf");
  const pdf = Buffer.from(await (await get(fake, doc.url)).arrayBuffer());
  assert.equal(pdf.length, 3 * 1024 * 1024);
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  assert.equal(createHash("sha256").update(pdf).digest("hex"), doc.sha256);
  fake.injectFault("file", { type: "truncate" });
  await assert.rejects(get(fake, doc.url).then((r) => r.arrayBuffer()));
});

test("a chat changed later gets files too, and new chats are found by the file endpoints", async () => {
  const chat = fake.createChat(org);
  for (let i = 0; i < 6; i++) fake.updateChat(org, chat);
  for (const file of fake.expectedFiles(org, chat).filter((f) => f.status === "ok")) {
    const res = await get(fake, file.url);
    assert.equal(res.status, 200, file.url);
    await res.arrayBuffer();
  }
});
