import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { chatsDirOf, listFileOf } from "../../src/core/layout.ts";
import { chatFileName } from "../../src/core/names.ts";
import type { Viewer } from "../../src/serve/server.ts";
import { tempDir } from "../helpers/run-cli.ts";
import { addSpecialChats, IDS, put, type Special } from "./fixture.ts";
import { get, viewerFor } from "./http-helpers.ts";

describe("the viewer's HTTP server", () => {
  let folder: { path: string; cleanup: () => Promise<void> };
  let special: Special;
  let viewer: Viewer;
  let cookie = "";
  let origin = "";
  before(async () => {
    folder = await tempDir();
    special = await addSpecialChats(folder.path);
    ({ viewer, cookie, origin } = await viewerFor(folder.path));
  });
  after(async () => {
    await viewer.close();
    await folder.cleanup();
  });

  test("listens on 127.0.0.1 and prints a URL with a long random token", () => {
    assert.match(viewer.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  test("a request without the token, or with a wrong one, is refused with no backup data", async () => {
    for (const answer of [
      await get(`${origin}/`),
      await get(`${origin}/chat/${IDS.branchChat}`),
      await get(`${origin}/api/chats`),
      await get(`${origin}/?token=wrong`),
      await get(`${origin}/`, { cookie: cookie.replace(/.$/, "x") }),
    ]) {
      assert.equal(answer.status, 403);
      assert.doesNotMatch(answer.body, /Fork test|ALPHA|chat/i);
      assert.equal(answer.headers["set-cookie"], undefined);
    }
  });

  test("the token sets an HttpOnly, SameSite=Strict cookie and redirects to the URL without it", async () => {
    const answer = await get(`${viewer.url}&q=fork`);
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.location, "/?q=fork");
    const [setCookie] = answer.headers["set-cookie"] as string[];
    assert.match(setCookie ?? "", /HttpOnly/);
    assert.match(setCookie ?? "", /SameSite=Strict/);
    assert.equal(setCookie?.split(";")[0], cookie);
    const page = await get(`${origin}/?q=fork`, { cookie });
    assert.equal(page.status, 200);
    assert.match(page.body, /Fork test chat/);
  });

  test("a foreign Host header is refused, token or not (DNS rebinding)", async () => {
    const port = new URL(origin).port;
    for (const host of [
      `evil.example:${port}`,
      `localhost:${port}`,
      "127.0.0.1",
      `127.0.0.1:${Number(port) + 1}`,
    ]) {
      assert.equal((await get(`${origin}/`, { cookie, host })).status, 403, host);
      assert.equal((await get(viewer.url, { host })).status, 403, host);
    }
  });

  test("only GET and HEAD: anything else is 405 and changes nothing", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const answer = await get(`${origin}/chat/${IDS.branchChat}`, { cookie, method });
      assert.equal(answer.status, 405, method);
      assert.equal(answer.headers.allow, "GET, HEAD");
    }
    const head = await get(`${origin}/`, { cookie, method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
  });

  test("every page has a strict CSP, nosniff and no referrer", async () => {
    for (const path of [
      "/",
      `/chat/${IDS.scriptChat}`,
      "/orgs",
      `/project/${IDS.project}`,
      "/search?q=x",
      "/nope",
    ]) {
      const answer = await get(`${origin}${path}`, { cookie });
      const csp = String(answer.headers["content-security-policy"]);
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
      assert.equal(answer.headers["x-content-type-options"], "nosniff");
      assert.equal(answer.headers["referrer-policy"], "no-referrer");
      assert.doesNotMatch(answer.body, /<script>/i, `${path} holds an inline script`);
      assert.doesNotMatch(
        answer.body,
        /(src|href)="(https?:)?\/\/(?!claude\.ai)/,
        `${path} loads from another host`,
      );
    }
  });

  test("chat text and titles are escaped, javascript: links are not links", async () => {
    const answer = await get(`${origin}/chat/${IDS.scriptChat}`, { cookie });
    assert.equal(answer.status, 200);
    assert.match(answer.body, /&lt;script&gt;window.__pwned = &quot;human&quot;&lt;\/script&gt;/);
    assert.doesNotMatch(answer.body, /<script>window|<img src=x|href="javascript:/i);
    assert.match(answer.body, /<iframe class="artifact-frame" sandbox="allow-scripts" src="\/artifact\//);
    assert.doesNotMatch(answer.body, /allow-same-origin/);
    assert.match(answer.body, /class="hljs-built_in">print</, "code blocks are highlighted");
  });

  test("artifacts are served on their own path with a sandbox CSP that allows no network", async () => {
    const answer = await get(`${origin}/artifact/${IDS.scriptChat}/toolu_html`, { cookie });
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers["content-type"]), /^text\/html/);
    const csp = String(answer.headers["content-security-policy"]);
    assert.match(csp, /^sandbox allow-scripts;/);
    assert.doesNotMatch(csp, /allow-same-origin/);
    assert.match(csp, /default-src 'none'/);
    assert.match(answer.body, /artifact ran/);
    const svg = await get(`${origin}/artifact/${IDS.scriptChat}/toolu_svg`, { cookie });
    assert.match(String(svg.headers["content-type"]), /^image\/svg\+xml/);
    assert.equal((await get(`${origin}/artifact/${IDS.scriptChat}/nothing`, { cookie })).status, 404);
  });

  test("the chat opens on the active branch, and ?at= opens the branch through another version", async () => {
    const active = await get(`${origin}/chat/${IDS.branchChat}`, { cookie });
    assert.match(active.body, /Reply ALPHA/);
    assert.doesNotMatch(active.body, /Reply BETA/);
    assert.match(active.body, /1 \/ 2/);
    assert.match(active.body, new RegExp(`href="/chat/${IDS.branchChat}\\?at=${IDS.beta}#m-${IDS.beta}"`));
    assert.match(active.body, /href="https:\/\/claude.ai\/chat\/0a000000-0000-4000-8000-00000000b001"/);
    const other = await get(`${origin}/chat/${IDS.branchChat}?at=${IDS.beta}`, { cookie });
    assert.match(other.body, /Reply BETA/);
    assert.match(other.body, /2 \/ 2/);
    assert.doesNotMatch(other.body, /Reply ALPHA/);
  });

  test("stored files: pictures inline with the manifest's type, other files as downloads", async () => {
    const page = await get(`${origin}/chat/${IDS.imageChat}`, { cookie });
    assert.match(page.body, new RegExp(`<img src="/file/${IDS.imageChat}/${special.imageSha}"`));
    const image = await get(`${origin}/file/${IDS.imageChat}/${special.imageSha}`, { cookie });
    assert.equal(image.status, 200);
    assert.equal(image.headers["content-type"], "image/png");
    assert.equal(image.headers["x-content-type-options"], "nosniff");
    assert.match(String(image.headers["content-disposition"]), /^inline; filename="tiny.png"/);
    const html = await get(`${origin}/file/${IDS.imageChat}/${special.htmlSha}`, { cookie });
    assert.match(String(html.headers["content-disposition"]), /^attachment;/);
    assert.match(String(html.headers["content-security-policy"]), /^sandbox;/);
    // A blob the chat's manifest does not name is not served, even when it is stored.
    assert.equal((await get(`${origin}/file/${IDS.branchChat}/${special.imageSha}`, { cookie })).status, 404);
    assert.equal((await get(`${origin}/file/${IDS.imageChat}/${"0".repeat(64)}`, { cookie })).status, 404);
    assert.equal(
      (await get(`${origin}/file/${IDS.imageChat}/..%2F..%2Faccount.json`, { cookie })).status,
      404,
    );
  });

  test("projects and memory are shown", async () => {
    const orgs = await get(`${origin}/orgs`, { cookie });
    assert.match(orgs.body, /Viewer project/);
    assert.match(orgs.body, /bakes sourdough/);
    const project = await get(`${origin}/project/${IDS.project}`, { cookie });
    assert.match(project.body, /<strong>haiku<\/strong>/);
    assert.match(project.body, /House style/);
    assert.match(project.body, /1 chat in this project/);
  });

  test("the list API pages and filters; chats a sync adds later show up without a restart", async () => {
    const first = JSON.parse((await get(`${origin}/api/chats?limit=2`, { cookie })).body);
    assert.equal(first.total, 3);
    assert.equal(first.chats.length, 2);
    assert.equal(first.chats[0].uuid, IDS.branchChat, "newest first");
    const second = JSON.parse((await get(`${origin}/api/chats?limit=2&offset=2`, { cookie })).body);
    assert.deepEqual(
      second.chats.map((c: { uuid: string }) => c.uuid),
      [IDS.imageChat],
    );
    const starred = JSON.parse((await get(`${origin}/api/chats?starred=1`, { cookie })).body);
    assert.deepEqual(
      starred.chats.map((c: { uuid: string }) => c.uuid),
      [IDS.branchChat],
    );
    const named = JSON.parse((await get(`${origin}/api/chats?q=IMAGE`, { cookie })).body);
    assert.deepEqual(
      named.chats.map((c: { uuid: string }) => c.uuid),
      [IDS.imageChat],
    );

    const uuid = "0a000000-0000-4000-8000-00000000a999";
    const row = {
      uuid,
      name: "Arrived during the viewer",
      updated_at: "2031-01-01T00:00:00.000000Z",
      model: "m",
    };
    await put(`${chatsDirOf(special.orgDir)}/${chatFileName(row.name, uuid)}`, { ...row, chat_messages: [] });
    const rows = JSON.parse((await get(`${origin}/api/chats?limit=500`, { cookie })).body).chats;
    await put(listFileOf(special.orgDir), [
      row,
      ...rows.map((r: { uuid: string; updated_at: string; name: string }) => r),
    ]);
    const now = JSON.parse((await get(`${origin}/api/chats`, { cookie })).body);
    assert.equal(now.total, 4);
    assert.equal(now.chats[0].name, "Arrived during the viewer");
    assert.equal((await get(`${origin}/chat/${uuid}`, { cookie })).status, 200);
  });

  test("unknown chats and paths are 404 pages", async () => {
    assert.equal((await get(`${origin}/chat/0a000000-0000-4000-8000-0000000000ff`, { cookie })).status, 404);
    assert.equal((await get(`${origin}/chat/../../etc/passwd`, { cookie })).status, 404);
    assert.equal((await get(`${origin}/assets/../server.ts`, { cookie })).status, 404);
  });
});
