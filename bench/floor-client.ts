// The network's floor as the benchmark can reach it, through the CLI's own HTTP client
// (src/http/transport.ts: the same connections, request heads and gunzip), with every body read and
// nothing parsed or saved. Run as its own process (like the CLI), so it does not share the fake's
// event loop. Two measures:
// - `replay`: bare GETs of the given paths over as many kept-alive connections as the CLI uses, each
//   connection's next GET waiting in line as in a sync. Prints `<requests> <milliseconds>`.
// - `round-trip`: the smallest answer (the account), one request at a time, on one kept-alive
//   connection. Prints the median milliseconds. Against the fake's latency it is what this machine's
//   loopback and wake-ups add to every request, so no client here can pass `latency / median` of
//   `connections / latency`.
// Usage: node bench/floor-client.ts replay <base-url> <session-key> <connections> <paths-file>
//        node bench/floor-client.ts round-trip <base-url> <session-key> <count>
import { readFileSync } from "node:fs";
import { createTransport } from "../src/http/transport.ts";

const [mode = "", base = "", key = "", count = "6", pathsFile = ""] = process.argv.slice(2);
const transport = createTransport({
  baseUrl: base,
  connections: mode === "replay" ? Number(count) : 1,
  headers: {
    cookie: `sessionKey=${key}`,
    "user-agent":
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    accept: "application/json",
    "accept-language": "en-US,en;q=0.9",
  },
  timeoutMs: 60_000,
});
// Whatever the answer (a chat deleted since answers 404), its body is read and decompressed.
const get = async (path: string): Promise<void> => {
  await transport.get(path);
};

if (mode === "replay") {
  const paths = readFileSync(pathsFile, "utf8").split("\n").filter(Boolean);
  let next = 0;
  const started = performance.now();
  // Two workers per connection, as the sync keeps two requests under way per connection.
  await Promise.all(
    Array.from({ length: 2 * Number(count) }, async () => {
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
await transport.close();
