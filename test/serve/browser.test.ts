import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { FAST } from "../helpers/match-server.ts";
import { runCli, startCli } from "../helpers/run-cli.ts";
import { useScenario } from "../helpers/scenario.ts";
import { addSpecialChats, BETA_WORD, IDS } from "./fixture.ts";

// The viewer in a real headless Chromium (Debian's package; never a downloaded browser), over a
// backup made by a real sync against the fake claude.ai plus the synthetic special cases. The same
// tests take the README's screenshots.

const CHROMIUM = "/usr/bin/chromium";
const SKIP = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the viewer's browser tests`;
const SHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const PHONE = { width: 390, height: 760 };

describe("claude-backup serve in a browser", { skip: SKIP }, () => {
  const scenario = useScenario({ organizations: 1, chatsPerOrg: 30, seed: 11 });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url = "";
  let origin = "";
  let server: ReturnType<typeof startCli> | undefined;

  before(async () => {
    const sync = await runCli([scenario.backup, ...FAST], { env: scenario.env });
    assert.equal(sync.code, 0, sync.stderr);
    await addSpecialChats(scenario.backup);
    server = startCli(["serve", "--dir", scenario.backup, "--port", "0"], {
      env: { HOME: scenario.home },
      timeoutMs: 120_000,
    });
    url = await firstLine(server.child.stdout);
    origin = new URL(url).origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
    // Nothing may be fetched from another host: every such request fails the test run.
    await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => {
      throw new Error(`request to another host: ${route.request().url()}`);
    });
    page = await context.newPage();
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.child.kill("SIGINT");
      const result = await server.done;
      assert.equal(result.code, 0, `Ctrl-C stops the viewer cleanly: ${result.stderr}`);
    }
  });

  test("the list loads from the printed URL, and the token leaves the address bar", async () => {
    const answer = await page.goto(url);
    assert.equal(answer?.status(), 200);
    assert.equal(page.url(), `${origin}/`);
    await page.getByRole("link", { name: /Fork test chat/ }).waitFor();
    const rows = await page.locator("#chat-list > li").count();
    assert.equal(rows, 30 + 3, "every chat of the sync, and the three synthetic ones");
    await shoot(page, "list");
  });

  test("a chat renders, and the fork arrows switch to the other reply", async () => {
    await page.goto(`${origin}/`);
    await page.getByRole("link", { name: /Fork test chat/ }).click();
    await page.waitForURL(`**/chat/${IDS.branchChat}`);
    await page.getByText("Reply ALPHA").waitFor();
    assert.equal(await page.getByText("Reply BETA").count(), 0);
    await page.getByRole("link", { name: "Next version" }).click();
    await page.getByText("Reply BETA").waitFor();
    assert.equal(await page.getByText("Reply ALPHA").count(), 0);
    assert.match((await page.locator(".fork-pos").textContent()) ?? "", /2 \/ 2/);
    // And back, from the keyboard.
    await page.getByRole("link", { name: "Previous version" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Reply ALPHA").waitFor();
  });

  test("search finds a word on a branch that is not active and opens the chat at it", async () => {
    await page.goto(`${origin}/`);
    await page.keyboard.press("/");
    await page.keyboard.type(BETA_WORD);
    await page.keyboard.press("Enter");
    const hit = page.locator(".hit-link").first();
    await hit.waitFor();
    assert.match((await hit.textContent()) ?? "", /another branch/);
    await hit.click();
    await page.waitForURL(new RegExp(`/chat/${IDS.branchChat}\\?at=${IDS.beta}#m-${IDS.beta}$`));
    const target = page.locator(`#m-${IDS.beta}`);
    await target.getByText(BETA_WORD).waitFor();
    assert.match(String(await target.getAttribute("class")), /\bhit\b/);
  });

  test("an image from the store shows", async () => {
    await page.goto(`${origin}/chat/${IDS.imageChat}`);
    const image = page.getByRole("img", { name: "tiny.png" });
    await image.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>("figure.image img")?.complete);
    assert.equal(await image.evaluate((img: HTMLImageElement) => img.naturalWidth), 64);
  });

  test("script in chat text and in artifacts never runs in the viewer's page", async () => {
    await page.goto(`${origin}/chat/${IDS.scriptChat}`);
    const frame = page.frameLocator('iframe[title="Script page"]');
    // The artifact's own script runs, inside its sandbox…
    await frame.locator("#out").getByText("artifact ran").waitFor();
    await page.locator('iframe[title="Teal box"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    // …but nothing reached the viewer's window: no chat text ran, and the frames could not touch it.
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.equal(await page.locator("main script, main img[src='x']").count(), 0);
    assert.match(
      (await page.locator(".msg.human").textContent()) ?? "",
      /<script>window.__pwned = "human"<\/script>/,
    );
  });

  test("a browser without the token is refused, and so is a foreign Host", async () => {
    const stranger = await browser.newContext();
    try {
      const answer = await (await stranger.newPage()).goto(`${origin}/chat/${IDS.branchChat}`);
      assert.equal(answer?.status(), 403);
      assert.doesNotMatch(await answer.text(), /Fork test chat|ALPHA/);
      // With the cookie, under another name for the host (what a DNS-rebinding page would send).
      const foreign = await context.request.get(`${origin}/`, { headers: { host: "rebind.example" } });
      assert.equal(foreign.status(), 403);
    } finally {
      await stranger.close();
    }
  });

  test("the chat page on a phone, light and dark (screenshots)", async () => {
    const chat = await firstSyncedChat(page, origin);
    await page.goto(`${origin}/chat/${chat}`);
    await shoot(page, "chat");
  });
});

// Takes `<name>-light.png` and `<name>-dark.png` into docs/screenshots/, each kept small.
async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const path = join(SHOTS, `${name}-${scheme}.png`);
    await page.screenshot({ path });
    const { size } = await stat(path);
    assert.ok(size < 150_000, `${path} is ${size} bytes`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

// A chat the sync saved (not one of the synthetic ones), one with a few messages.
async function firstSyncedChat(page: Page, origin: string): Promise<string> {
  const answer = await page.request.get(`${origin}/api/chats?limit=50`);
  const list = (await answer.json()) as { chats: { uuid: string; name: string }[] };
  // A readable title for the picture (the fake's names include hostile ones on purpose).
  const synced = list.chats.filter((c) => !c.uuid.startsWith("0a000000-"));
  const chosen = synced.find((c) => /^[A-Z][A-Za-z ]{8,40}$/.test(c.name)) ?? synced[0];
  assert.ok(chosen);
  return chosen.uuid;
}

function firstLine(stream: NodeJS.ReadableStream | null): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${text}`)), 20_000);
    stream?.on("data", (chunk: Buffer | string) => {
      text += chunk.toString();
      const line = text.split("\n")[0];
      if (text.includes("\n") && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
  });
}
