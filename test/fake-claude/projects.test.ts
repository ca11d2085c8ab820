import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BROWSER_UA, chatPath, get, getJson } from "./browser.ts";
import { type FakeClaude, type ProjectState, startFakeClaude } from "./server.ts";

let fake: FakeClaude;
let org: string;

before(async () => {
  fake = await startFakeClaude({ projects: 8 });
  org = fake.chatOrgs()[0]?.uuid ?? "";
});
after(() => fake.close());

interface ProjectRow {
  uuid: string;
  name: string;
  archived_at: string | null;
  is_starred: boolean;
  updated_at: string;
  created_at: string;
  creator: { uuid: string; full_name: string };
  prompt_template?: string;
}

const projectsPath = (o: string, query = ""): string =>
  `/api/organizations/${o}/projects${query === "" ? "" : `?${query}`}`;
const projectPath = (p: string, rest = ""): string => `/api/organizations/${org}/projects/${p}${rest}`;

function uuids(rows: { uuid: string }[]): string[] {
  return rows.map((r) => r.uuid).sort();
}

function mine(p: ProjectState): boolean {
  return p.creator.uuid === fake.account().uuid;
}

test("the list is a bare array; harmony projects only with include_harmony_projects; archived ones kept", async () => {
  const all = fake.listProjects(org);
  assert.equal(all.length, 8);
  const plain = await getJson<ProjectRow[]>(fake, projectsPath(org));
  assert.ok(Array.isArray(plain));
  assert.deepEqual(uuids(plain), uuids(all.filter((p) => !p.harmony)));
  const full = await getJson<ProjectRow[]>(fake, projectsPath(org, "include_harmony_projects=true"));
  assert.deepEqual(uuids(full), uuids(all));
  assert.ok(full.some((p) => p.archived_at !== null));
  assert.ok(full.some((p) => p.archived_at === null));
  // Rows leave prompt_template to the single-project answer.
  assert.ok(full.every((p) => p.prompt_template === undefined));
  const sorted = [...full].sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
  assert.deepEqual(
    full.map((p) => p.uuid),
    sorted.map((p) => p.uuid),
  );
});

test("limit/offset pages, and the {data, has_more} shape when asked for", async () => {
  const q = "include_harmony_projects=true";
  const full = await getJson<ProjectRow[]>(fake, projectsPath(org, q));
  const pages: ProjectRow[] = [];
  for (let offset = 0; offset < 10; offset += 3) {
    pages.push(...(await getJson<ProjectRow[]>(fake, projectsPath(org, `${q}&limit=3&offset=${offset}`))));
  }
  assert.deepEqual(pages, full);
  fake.setProjectsListShape("data");
  try {
    const first = await getJson<{ data: ProjectRow[]; has_more: boolean }>(
      fake,
      projectsPath(org, `${q}&limit=5`),
    );
    assert.equal(first.data.length, 5);
    assert.equal(first.has_more, true);
    const last = await getJson<{ data: ProjectRow[]; has_more: boolean }>(
      fake,
      projectsPath(org, `${q}&limit=5&offset=5`),
    );
    assert.equal(last.data.length, 3);
    assert.equal(last.has_more, false);
  } finally {
    fake.setProjectsListShape("array");
  }
  const shaped = await startFakeClaude({
    projects: 2,
    projectsListShape: "data",
    organizations: 1,
    chatsPerOrg: 3,
  });
  try {
    const o = shaped.chatOrgs()[0]?.uuid ?? "";
    const body = await getJson<{ data: unknown[]; has_more: boolean }>(shaped, projectsPath(o));
    assert.equal(body.data.length, 2);
    assert.equal(body.has_more, false);
  } finally {
    await shaped.close();
  }
});

test("starred, creator_filter and order_by filter and sort", async () => {
  const all = fake.listProjects(org);
  const q = "include_harmony_projects=true";
  const starred = await getJson<ProjectRow[]>(fake, projectsPath(org, `${q}&starred=true`));
  assert.deepEqual(uuids(starred), uuids(all.filter((p) => p.is_starred)));
  const unstarred = await getJson<ProjectRow[]>(fake, projectsPath(org, `${q}&starred=false`));
  assert.deepEqual(uuids(unstarred), uuids(all.filter((p) => !p.is_starred)));
  const own = await getJson<ProjectRow[]>(fake, projectsPath(org, `${q}&creator_filter=is_creator`));
  const shared = await getJson<ProjectRow[]>(fake, projectsPath(org, `${q}&creator_filter=is_not_creator`));
  assert.deepEqual(uuids(own), uuids(all.filter(mine)));
  assert.deepEqual(uuids(shared), uuids(all.filter((p) => !mine(p))));
  assert.ok(shared.length > 0 && own.length > 0);
  assert.ok(shared.every((p) => p.creator.full_name === "Grace Example"));
  const byName = await getJson<ProjectRow[]>(fake, projectsPath(org, `${q}&order_by=name`));
  assert.deepEqual(
    byName.map((p) => p.name),
    [...byName.map((p) => p.name)].sort(),
  );
  const latest = await getJson<ProjectRow[]>(fake, projectsPath(org, `${q}&order_by=latest_chat`));
  assert.deepEqual(uuids(latest), uuids(all));
  for (const [query, message] of [
    ["creator_filter=mine", /query\.creator_filter: Input should be 'is_creator' or 'is_not_creator'/],
    ["order_by=size", /query\.order_by/],
    ["limit=0", /query\.limit/],
    ["starred=maybe", /query\.starred/],
  ] as const) {
    const res = await get(fake, projectsPath(org, query));
    assert.equal(res.status, 400, query);
    const body = (await res.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, "invalid_request_error");
    assert.match(body.error.message, message);
  }
});

test("one project, its docs (hostile names included), files, syncs, kb stats and memory", async () => {
  const [first] = fake.listProjects(org);
  assert.ok(first);
  const project = await getJson<ProjectRow & Record<string, unknown>>(fake, projectPath(first.uuid));
  for (const field of [
    "prompt_template",
    "description",
    "is_private",
    "is_starter_project",
    "created_at",
    "updated_at",
    "archived_at",
  ]) {
    assert.ok(field in project, field);
  }
  assert.deepEqual(Object.keys(project.creator).sort(), ["full_name", "uuid"]);
  const docs = await getJson<{ uuid: string; file_name: string; content: string; created_at: string }[]>(
    fake,
    projectPath(first.uuid, "/docs"),
  );
  const names = docs.map((d) => d.file_name);
  for (const hostile of ["../../x.md", "CON.txt", ""]) assert.ok(names.includes(hostile), hostile);
  assert.ok(names.some((n) => n.length === 300));
  assert.ok(names.some((n) => Array.from(n).some((c) => c.charCodeAt(0) < 0x20)));
  for (const doc of docs)
    assert.deepEqual(Object.keys(doc).sort(), ["content", "created_at", "file_name", "uuid"]);
  const [doc] = docs;
  assert.ok(doc);
  assert.deepEqual(await getJson(fake, projectPath(first.uuid, `/docs/${doc.uuid}`)), doc);
  assert.equal((await get(fake, projectPath(first.uuid, `/docs/${crypto.randomUUID()}`))).status, 404);
  assert.equal((await get(fake, projectPath(first.uuid, "/docs/not-a-uuid"))).status, 400);

  const files = await getJson<Record<string, unknown>[]>(fake, projectPath(first.uuid, "/files"));
  assert.deepEqual(files, first.files);
  const stats = await getJson<{ knowledge_size: number; use_project_knowledge_search: boolean }>(
    fake,
    projectPath(first.uuid, "/kb/stats"),
  );
  assert.equal(
    stats.knowledge_size,
    docs.reduce((n, d) => n + Buffer.byteLength(d.content), 0),
  );
  assert.equal(typeof stats.use_project_knowledge_search, "boolean");
  const withSyncs = fake.listProjects(org).find((p) => p.syncs.length > 0) ?? first;
  const syncs = await getJson<{ uuid: string; type: string; config: unknown; status: unknown }[]>(
    fake,
    projectPath(withSyncs.uuid, "/syncs"),
  );
  assert.deepEqual(syncs, withSyncs.syncs);
  for (const sync of syncs) assert.ok(["github", "gdrive"].includes(sync.type));

  const all = fake.listProjects(org);
  const withMemory = all.find((p) => p.memory !== null);
  const without = all.find((p) => p.memory === null);
  assert.ok(withMemory && without);
  const memory = await getJson<{ memory: string }>(fake, projectPath(withMemory.uuid, "/memory"));
  assert.equal(memory.memory, withMemory.memory?.memory);
  const missing = await get(fake, projectPath(without.uuid, "/memory"));
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { type: string } }).error.type, "not_found_error");
});

test("unknown or malformed projects, foreign orgs, and the files endpoint made to vanish", async () => {
  const unknown = await get(fake, projectPath(crypto.randomUUID()));
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { error: { type: string } }).error.type, "not_found_error");
  assert.equal((await get(fake, projectPath("nope"))).status, 400);
  assert.equal((await get(fake, projectsPath("not-a-uuid"))).status, 400);
  assert.equal((await get(fake, projectsPath(crypto.randomUUID()))).status, 404);
  const apiOrg = fake.account().memberships[0]?.organization.uuid ?? "";
  assert.equal((await get(fake, projectsPath(apiOrg))).status, 403);
  const [first] = fake.listProjects(org);
  assert.ok(first);
  fake.setProjectFilesMissing(true);
  try {
    const res = await get(fake, projectPath(first.uuid, "/files"));
    assert.equal(res.status, 404);
    assert.equal(fake.requests.at(-1)?.kind, "project_files");
  } finally {
    fake.setProjectFilesMissing(false);
  }
});

test("the session cookie and Cloudflare rules are the same as for chats", async () => {
  const [first] = fake.listProjects(org);
  assert.ok(first);
  for (const path of [
    projectsPath(org),
    projectPath(first.uuid),
    projectPath(first.uuid, "/docs"),
    `/api/organizations/${org}/memory`,
  ]) {
    const res = await get(fake, path, { "user-agent": BROWSER_UA, cookie: "sessionKey=sk-ant-sid02-wrong" });
    assert.equal(res.status, 403, path);
    const body = (await res.json()) as { error: { details: { error_code: string } } };
    assert.equal(body.error.details.error_code, "account_session_invalid");
    const bot = await fetch(`${fake.url}${path}`, { headers: { cookie: `sessionKey=${fake.sessionKey}` } });
    assert.equal(bot.status, 403);
    assert.equal(bot.headers.get("cf-mitigated"), "challenge");
    await bot.arrayBuffer();
  }
});

test("controls: create, rename, update, archive, docs, delete; updated_at moves forward", async () => {
  const id = fake.createProject(org, { name: "Fresh", promptTemplate: "Be brief." });
  const made = await getJson<ProjectRow>(fake, projectPath(id));
  assert.equal(made.name, "Fresh");
  assert.equal(made.prompt_template, "Be brief.");
  assert.equal(made.creator.uuid, fake.account().uuid);
  fake.renameProject(org, id, "Renamed");
  const renamed = await getJson<ProjectRow>(fake, projectPath(id));
  assert.equal(renamed.name, "Renamed");
  assert.ok(renamed.updated_at > made.updated_at);
  fake.updateProject(org, id, { description: "New words" });
  const updated = await getJson<ProjectRow & { description: string }>(fake, projectPath(id));
  assert.equal(updated.description, "New words");
  assert.ok(updated.updated_at > renamed.updated_at);
  const doc = fake.addDoc(org, id, { fileName: "a.md", content: "# A" });
  assert.deepEqual(
    (await getJson<{ uuid: string; content: string }[]>(fake, projectPath(id, "/docs"))).map((d) => [
      d.uuid,
      d.content,
    ]),
    [[doc, "# A"]],
  );
  fake.removeDoc(org, id, doc);
  assert.deepEqual(await getJson(fake, projectPath(id, "/docs")), []);
  fake.archiveProject(org, id);
  assert.notEqual((await getJson<ProjectRow>(fake, projectPath(id))).archived_at, null);
  fake.archiveProject(org, id, false);
  assert.equal((await getJson<ProjectRow>(fake, projectPath(id))).archived_at, null);
  fake.setProjectMemory(org, id, "remember this");
  assert.equal((await getJson<{ memory: string }>(fake, projectPath(id, "/memory"))).memory, "remember this");
  fake.deleteProject(org, id);
  assert.equal((await get(fake, projectPath(id))).status, 404);
  assert.ok(!fake.listProjects(org).some((p) => p.uuid === id));
});

test("some chats belong to projects: project_uuid in rows and detail, sometimes a project object", async () => {
  const rows = fake.listEntries(org) as { uuid: string; project_uuid: string | null }[];
  const inProjects = rows.filter((r) => r.project_uuid !== null);
  assert.ok(inProjects.length > 0 && inProjects.length < rows.length);
  const known = new Set(fake.listProjects(org).map((p) => p.uuid));
  assert.ok(inProjects.every((r) => known.has(r.project_uuid ?? "")));
  let objects = 0;
  for (const row of inProjects) {
    const detail = await getJson<{ project_uuid: string; project?: { uuid: string; name: string } }>(
      fake,
      chatPath(org, row.uuid),
    );
    assert.equal(detail.project_uuid, row.project_uuid);
    if (detail.project) {
      objects++;
      assert.equal(detail.project.uuid, row.project_uuid);
    }
  }
  assert.ok(objects > 0);
  const [chat] = rows;
  assert.ok(chat);
  const target = fake.listProjects(org)[0]?.uuid ?? "";
  fake.moveChatToProject(org, chat.uuid, target);
  assert.equal(
    (await getJson<{ project_uuid: string }>(fake, chatPath(org, chat.uuid))).project_uuid,
    target,
  );
});

test("org memory: {memory, updated_at} for some orgs, 404 not_found_error for others; setMemory", async () => {
  const [first, second] = fake.chatOrgs();
  assert.ok(first && second);
  const memory = await getJson<{ memory: string; updated_at: string }>(
    fake,
    `/api/organizations/${first.uuid}/memory`,
  );
  assert.match(memory.memory, /\*\*Work context\*\*/);
  assert.match(memory.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  const none = await get(fake, `/api/organizations/${second.uuid}/memory`);
  assert.equal(none.status, 404);
  assert.equal(((await none.json()) as { error: { type: string } }).error.type, "not_found_error");
  assert.equal(fake.requests.at(-1)?.kind, "memory");
  fake.setMemory(second.uuid, "now set");
  assert.equal(
    (await getJson<{ memory: string }>(fake, `/api/organizations/${second.uuid}/memory`)).memory,
    "now set",
  );
  fake.setMemory(second.uuid, null);
  assert.equal((await get(fake, `/api/organizations/${second.uuid}/memory`)).status, 404);
});

test("projects leave the chats of a seed alone, and the same seed gives the same projects", async () => {
  const plain = await startFakeClaude({ organizations: 1, chatsPerOrg: 6, seed: 5 });
  const a = await startFakeClaude({ organizations: 1, chatsPerOrg: 6, seed: 5, projects: 3 });
  const b = await startFakeClaude({ organizations: 1, chatsPerOrg: 6, seed: 5, projects: 3 });
  try {
    const o = plain.chatOrgs()[0]?.uuid ?? "";
    const strip = (rows: unknown[]): unknown[] =>
      rows.map((r) => ({ ...(r as Record<string, unknown>), project_uuid: null }));
    assert.deepEqual(strip(a.listEntries(o)), plain.listEntries(o));
    assert.equal(
      plain.listEntries(o).every((r) => (r as { project_uuid: unknown }).project_uuid === null),
      true,
    );
    assert.deepEqual(a.listProjects(o), b.listProjects(o));
    assert.deepEqual(a.listEntries(o), b.listEntries(o));
  } finally {
    await Promise.all([plain.close(), a.close(), b.close()]);
  }
});
