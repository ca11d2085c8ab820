import assert from "node:assert/strict";
import { test } from "node:test";
import { startTestProxy, type TestProxy } from "../helpers/connect-proxy.ts";
import { assertMatchesServer, FAST } from "../helpers/match-server.ts";
import { runCli } from "../helpers/run-cli.ts";
import { withScenario } from "../helpers/scenario.ts";

// The fake claude.ai is http://127.0.0.1:<port>, so HTTP_PROXY is the variable that applies to it, as
// HTTPS_PROXY applies to https://claude.ai.
const PASSWORD = "s3cret-proxy-pw";

async function withProxy(options: { credentials?: string }, body: (proxy: TestProxy) => Promise<void>) {
  const proxy = await startTestProxy(options);
  try {
    await body(proxy);
  } finally {
    await proxy.close();
  }
}

const withCredentials = (proxyUrl: string, userInfo: string) => proxyUrl.replace("://", `://${userInfo}@`);

test("HTTP_PROXY: every request goes through the proxy's tunnels, at most -c at once, and the backup is complete", async () => {
  await withProxy({ credentials: `alice:${PASSWORD}` }, async (proxy) => {
    await withScenario(
      { organizations: 2, chatsPerOrg: 20, seed: 3, latencyMs: 5 },
      async ({ fake, backup, env }) => {
        const result = await runCli([backup, ...FAST, "-c", "3", "--verbose"], {
          env: { ...env, HTTP_PROXY: withCredentials(proxy.url, `alice:${PASSWORD}`) },
        });
        assert.equal(result.code, 0, result.stderr);
        await assertMatchesServer(fake, backup);
        const host = new URL(fake.url).host;
        assert.ok(proxy.records.length > 0, "nothing went through the proxy");
        for (const record of proxy.records) {
          assert.equal(record.kind, "connect");
          assert.equal(record.target, host);
          assert.equal(record.status, 200);
        }
        assert.ok(proxy.maxOpenTunnels <= 3, `${proxy.maxOpenTunnels} tunnels open at once with -c 3`);
        assert.ok(proxy.records.length < fake.count(), "tunnels are kept alive and reused");
        // The verbose line names the proxy, never its credentials; nothing else shows them either.
        assert.match(result.stderr, new RegExp(`through the proxy http://\\*\\*\\*@${proxy.url.slice(7)}`));
        for (const text of [result.stdout, result.stderr]) {
          assert.ok(!text.includes(PASSWORD), "the proxy password was printed");
          assert.ok(!text.includes("alice:"), "the proxy user was printed with its password");
        }
      },
    );
  });
});

test("lower-case http_proxy is honoured, and NO_PROXY=127.0.0.1 bypasses the proxy", async () => {
  await withProxy({}, async (proxy) => {
    await withScenario({ organizations: 1, chatsPerOrg: 5, seed: 4 }, async ({ fake, backup, env }) => {
      const through = await runCli([backup, ...FAST], { env: { ...env, http_proxy: proxy.url } });
      assert.equal(through.code, 0, through.stderr);
      assert.ok(proxy.records.length > 0, "http_proxy was ignored");

      proxy.records.length = 0;
      fake.createChat(fake.chatOrgs()[0]?.uuid ?? "", { name: "made after the first run" });
      fake.resetRequests();
      const direct = await runCli([backup, ...FAST], {
        env: { ...env, HTTP_PROXY: proxy.url, https_proxy: proxy.url, NO_PROXY: "example.com, 127.0.0.1" },
      });
      assert.equal(direct.code, 0, direct.stderr);
      assert.ok(fake.count("chat") >= 1, "the direct run reached the fake");
      assert.deepEqual(proxy.records, [], "NO_PROXY=127.0.0.1 still went through the proxy");
      await assertMatchesServer(fake, backup);
    });
  });
});

test("a proxy that refuses the credentials: a one-line message, no password, no retry storm", async () => {
  await withProxy({ credentials: "alice:right-password" }, async (proxy) => {
    await withScenario({ organizations: 1, chatsPerOrg: 3, seed: 5 }, async ({ backup, env }) => {
      const result = await runCli([backup, ...FAST, "--verbose"], {
        env: { ...env, HTTP_PROXY: withCredentials(proxy.url, `alice:${PASSWORD}`) },
      });
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /proxy .*407.*HTTP_PROXY/);
      assert.ok(!result.stderr.includes(PASSWORD), result.stderr);
      assert.ok(proxy.records.length >= 1 && proxy.records.every((r) => r.status === 407));
      assert.ok(proxy.records.length <= 2, `${proxy.records.length} CONNECT attempts for a 407`);
    });
  });
});

test("a proxy variable that is not a URL is a usage error that hides the password", async () => {
  await withScenario({ organizations: 1, chatsPerOrg: 1, seed: 6 }, async ({ fake, backup, env }) => {
    const result = await runCli([backup, ...FAST], {
      env: { ...env, HTTPS_PROXY: `http://bob:${PASSWORD}@:3128` },
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /HTTPS_PROXY must be a proxy URL .*http:\/\/\*\*\*@:3128/);
    assert.ok(!result.stderr.includes(PASSWORD), result.stderr);
    assert.equal(fake.count(), 0);
  });
});
