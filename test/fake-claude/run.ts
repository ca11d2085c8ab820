// Standalone fake claude.ai for manual runs and benchmarks; prints the env a client needs.
// Usage: node test/fake-claude/run.ts [--port N] [--orgs N] [--chats N] [--latency MS]
//        [--fault-rate R] [--v1-removed] [--seed N] [--max-limit N]

import { parseArgs } from "node:util";
import { startFakeClaude } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    orgs: { type: "string" },
    chats: { type: "string" },
    latency: { type: "string" },
    "fault-rate": { type: "string" },
    "v1-removed": { type: "boolean" },
    seed: { type: "string" },
    "max-limit": { type: "string" },
  },
});

function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`not a number: ${text}`);
  return value;
}

const fake = await startFakeClaude({
  port: num(values.port),
  seed: num(values.seed),
  organizations: num(values.orgs),
  chatsPerOrg: num(values.chats),
  latencyMs: num(values.latency),
  faultRate: num(values["fault-rate"]),
  v1ListRemoved: values["v1-removed"] ?? false,
  maxLimit: num(values["max-limit"]),
});

process.stdout.write(`CLAUDE_BACKUP_BASE_URL=${fake.url}\nCLAUDE_SESSION_KEY=${fake.sessionKey}\n`);

// Stays up until interrupted; closing the server lets the process exit on its own.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void fake.close());
}
