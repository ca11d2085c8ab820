// The network's floor as the benchmark can reach it, through node:http as the CLI uses it, with every
// body read and nothing saved. Run as its own process (like the CLI), so it does not share the fake's
// event loop. Two measures:
// - `replay`: bare GETs of the given paths over as many kept-alive connections as the CLI uses.
//   Prints `<requests> <milliseconds>`.
// - `round-trip`: the smallest answer (the account), one request at a time, on one kept-alive
//   connection. Prints the median milliseconds. Against the fake's latency it is what this machine's
//   loopback and wake-ups add to every request, so no client here can pass `latency / median` of
//   `connections / latency`.
// Usage: node bench/floor-client.ts replay <base-url> <session-key> <connections> <paths-file>
//        node bench/floor-client.ts round-trip <base-url> <session-key> <count>
import { readFileSync } from "node:fs";

const http = process.getBuiltinModule("node:http");
const [mode = "", base = "", key = "", count = "6", pathsFile = ""] = process.argv.slice(2);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: mode === "replay" ? Number(count) : 1 });
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

if (mode === "replay") {
  const paths = readFileSync(pathsFile, "utf8").split("\n").filter(Boolean);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Number(count) }, async () => {
      while (next < paths.length) await get(paths[next++] as string);
    }),
  );
  process.stdout.write(`${paths.length} ${Math.round(performance.now() - started)}\n`);
} else if (mode === "round-trip") {
  const times: number[] = [];
  await get("/api/account"); // the connection is opened outside the measure
  for (let i = 0; i < Number(count); i++) {
    const started = performance.now();
    await get("/api/account");
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${(times[times.length >> 1] ?? 0).toFixed(2)}\n`);
} else {
  throw new Error(`floor-client: unknown mode "${mode}" (replay or round-trip)`);
}
agent.destroy();
