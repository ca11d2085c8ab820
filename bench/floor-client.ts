// The network's floor as the benchmark can reach it: bare GETs of every chat of the fake, over the
// same number of kept-alive connections as the CLI, through node:http as the CLI uses it, with the
// body read and nothing saved. Run as its own process (like the CLI), so it does not share the fake's
// event loop. Prints `<requests> <milliseconds>`.
// Usage: node bench/floor-client.ts <base-url> <session-key> <connections> <paths-file>
import { readFileSync } from "node:fs";

const http = process.getBuiltinModule("node:http");
const [base = "", key = "", connections = "6", pathsFile = ""] = process.argv.slice(2);
const paths = readFileSync(pathsFile, "utf8").split("\n").filter(Boolean);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const headers = {
  cookie: `sessionKey=${key}`,
  "user-agent":
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
  accept: "*/*",
  "accept-language": "en-US,en;q=0.9",
  "accept-encoding": "gzip, deflate, br",
};
const get = (path: string) =>
  new Promise<void>((resolve, reject) => {
    const request = http.get({ host: url.hostname, port: url.port, path, headers, agent }, (response) => {
      response.on("data", () => {});
      response.once("end", resolve);
      response.once("error", reject);
    });
    request.once("error", reject);
  });
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (next < paths.length) await get(paths[next++] as string);
  }),
);
process.stdout.write(`${paths.length} ${Math.round(performance.now() - started)}\n`);
agent.destroy();
