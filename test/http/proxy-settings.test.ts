import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.ts";
import {
  bypassesProxy,
  proxyFor,
  proxySecrets,
  proxySettingsFrom,
  redactProxyCredentials,
} from "../../src/http/proxy-settings.ts";

const CLAUDE = new URL("https://claude.ai");

test("the lower-case variable wins, an empty one counts as unset, and a bare host:port means http://", () => {
  const settings = proxySettingsFrom({
    https_proxy: "proxy.corp:3128",
    HTTPS_PROXY: "http://other:1",
    http_proxy: "",
    HTTP_PROXY: "http://upper:8080",
    NO_PROXY: "localhost",
  });
  assert.deepEqual(settings, {
    httpsProxy: "http://proxy.corp:3128/",
    httpProxy: "http://upper:8080/",
    noProxy: "localhost",
  });
  assert.deepEqual(proxySettingsFrom({}), { httpProxy: "", httpsProxy: "", noProxy: "" });
});

test("https goes through HTTPS_PROXY, else HTTP_PROXY; http only through HTTP_PROXY", () => {
  const both = proxySettingsFrom({ HTTPS_PROXY: "http://s:1", HTTP_PROXY: "http://p:2" });
  assert.deepEqual(proxyFor(CLAUDE, both), { url: "http://s:1/", variable: "HTTPS_PROXY" });
  assert.deepEqual(proxyFor(new URL("http://127.0.0.1:5"), both), {
    url: "http://p:2/",
    variable: "HTTP_PROXY",
  });
  const httpOnly = proxySettingsFrom({ HTTP_PROXY: "http://p:2" });
  assert.deepEqual(proxyFor(CLAUDE, httpOnly), { url: "http://p:2/", variable: "HTTP_PROXY" });
  const httpsOnly = proxySettingsFrom({ HTTPS_PROXY: "http://s:1" });
  assert.equal(proxyFor(new URL("http://127.0.0.1:5"), httpsOnly), undefined);
  assert.equal(proxyFor(CLAUDE, proxySettingsFrom({})), undefined);
});

test("NO_PROXY: names with their subdomains, IPs, CIDR ranges, ports, and *", () => {
  const cases: [string, string, boolean][] = [
    ["claude.ai", "https://claude.ai", true],
    ["claude.ai", "https://api.claude.ai", true],
    [".claude.ai", "https://claude.ai", true],
    ["*.claude.ai", "https://www.claude.ai", true],
    ["claude.ai", "https://notclaude.ai", false],
    ["example.com, 127.0.0.1", "http://127.0.0.1:4000", true],
    ["example.com 127.0.0.1", "http://127.0.0.1:4000", true],
    ["127.0.0.1:4000", "http://127.0.0.1:4000", true],
    ["127.0.0.1:4001", "http://127.0.0.1:4000", false],
    ["claude.ai:443", "https://claude.ai", true],
    ["127.0.0.0/8", "http://127.0.0.1:4000", true],
    ["10.0.0.0/8", "http://127.0.0.1:4000", false],
    ["[::1]", "http://[::1]:4000", true],
    ["::1", "http://[::1]:4000", true],
    ["[::1]:4000", "http://[::1]:4000", true],
    ["*", "https://claude.ai", true],
    ["CLAUDE.AI.", "https://claude.ai", true],
    ["", "https://claude.ai", false],
    [",, ,", "https://claude.ai", false],
  ];
  for (const [noProxy, url, expected] of cases) {
    assert.equal(bypassesProxy(new URL(url), noProxy), expected, `NO_PROXY="${noProxy}" for ${url}`);
  }
  const settings = proxySettingsFrom({ HTTPS_PROXY: "http://s:1", no_proxy: "claude.ai" });
  assert.equal(proxyFor(CLAUDE, settings), undefined);
});

test("a proxy value that is not an http(s) URL is a UsageError naming the variable, without the password", () => {
  for (const value of [
    "http://user:hunter22@:3128",
    "socks5://user:hunter22@host:1080",
    "ftp://user:hunter22@h",
  ]) {
    assert.throws(
      () => proxySettingsFrom({ HTTPS_PROXY: value }),
      (error: unknown) =>
        error instanceof UsageError &&
        /^HTTPS_PROXY must be a proxy URL/.test(error.message) &&
        !error.message.includes("hunter22"),
    );
  }
});

test("credentials are hidden in any text, and listed in every form a message could carry them", () => {
  assert.equal(
    redactProxyCredentials("via http://alice:p%40ss@proxy:3128/ and https://bob@x:1, then u:pw@h:2"),
    "via http://***@proxy:3128/ and https://***@x:1, then u:pw@h:2",
  );
  assert.equal(redactProxyCredentials("u:p@ss@host:2"), "***@host:2");
  assert.equal(redactProxyCredentials("http://proxy:3128"), "http://proxy:3128");
  const secrets = proxySecrets(proxySettingsFrom({ HTTPS_PROXY: "http://alice:p%40ss@proxy:3128" }));
  assert.ok(secrets.includes("p%40ss") && secrets.includes("p@ss") && secrets.includes("alice:p@ss"));
  assert.ok(secrets.includes(Buffer.from("alice:p@ss").toString("base64")), "the Proxy-Authorization value");
  assert.deepEqual(proxySecrets(proxySettingsFrom({ HTTPS_PROXY: "http://proxy:3128" })), []);
});
