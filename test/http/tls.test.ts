import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { TLSSocket } from "node:tls";
import { promisify } from "node:util";
import { startTestProxy } from "../helpers/connect-proxy.ts";

// claude.ai is reached over TLS on our own connections (http/origin-connector.ts). A certificate made
// for this test only (openssl, valid for a day) is trusted by a child Node.js through
// NODE_EXTRA_CA_CERTS, which Node reads only at start-up; the server runs here and sees how the
// client came.
const hasOpenssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const transportModule = new URL("../../src/http/transport.ts", import.meta.url).href;

// Three GETs from a child process, through the proxy if one is given; prints their statuses and
// bodies, or the error's code.
const client = (base: string, proxy = "") => `
  const { createTransport } = await import(${JSON.stringify(transportModule)});
  const proxy = ${JSON.stringify(proxy)} ? { httpProxy: "", httpsProxy: ${JSON.stringify(proxy)}, noProxy: "" } : undefined;
  const t = createTransport({ baseUrl: ${JSON.stringify(base)}, connections: 1, headers: { cookie: "sessionKey=k" }, timeoutMs: 5000, proxy });
  try {
    const out = [];
    for (let i = 0; i < 3; i++) { const a = await t.get("/api/account"); out.push(a.status + " " + a.body); }
    process.stdout.write(JSON.stringify(out));
  } catch (error) { process.stdout.write(JSON.stringify({ code: error.code })); }
  finally { await t.close(); }`;

test("GETs over TLS, direct and through a proxy: the certificate is checked, SNI and ALPN http/1.1 sent, the connection reused", {
  skip: hasOpenssl ? false : "openssl is not installed",
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "claude-backup-tls-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost",
      ],
      { stdio: "ignore" },
    );
    const seen: { servername: string | false; alpn: string | false | null }[] = [];
    const server = createServer(
      { key: readFileSync(key), cert: readFileSync(cert), ALPNProtocols: ["http/1.1"] },
      (req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ cookie: req.headers.cookie }));
      },
    );
    server.on("secureConnection", (socket: TLSSocket) =>
      seen.push({
        servername: (socket as TLSSocket & { servername: string | false }).servername,
        alpn: socket.alpnProtocol,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `https://localhost:${(server.address() as AddressInfo).port}`;
    const run = promisify(execFile);
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: cert };
    try {
      const trusted = await run(process.execPath, ["--input-type=module", "-e", client(base)], { env });
      assert.deepEqual(JSON.parse(trusted.stdout), Array(3).fill('200 {"cookie":"sessionKey=k"}'));
      assert.deepEqual(
        seen,
        [{ servername: "localhost", alpn: "http/1.1" }],
        "one connection for three GETs",
      );
      const { NODE_EXTRA_CA_CERTS: _, ...untrustedEnv } = env;
      const untrusted = await run(process.execPath, ["--input-type=module", "-e", client(base)], {
        env: untrustedEnv,
      });
      assert.deepEqual(JSON.parse(untrusted.stdout), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
      // Through a CONNECT proxy (it reaches only 127.0.0.1): TLS inside the tunnel, no SNI for an address.
      const proxy = await startTestProxy();
      try {
        seen.length = 0;
        const ip = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const tunnelled = await run(process.execPath, ["--input-type=module", "-e", client(ip, proxy.url)], {
          env,
        });
        assert.deepEqual(JSON.parse(tunnelled.stdout), Array(3).fill('200 {"cookie":"sessionKey=k"}'));
        assert.deepEqual(seen, [{ servername: false, alpn: "http/1.1" }]);
        assert.deepEqual(
          proxy.records.map((record) => [record.kind, record.status]),
          [["connect", 200]],
          "one tunnel carried the three GETs",
        );
      } finally {
        await proxy.close();
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
