// Standalone fake claude.ai for manual runs and benchmarks; prints the env a client needs.
// Usage: node test/fake-claude/run.ts [--port N] [--orgs N] [--chats N] [--latency MS]
//        [--fault-rate R] [--v1-removed] [--offset-ignored] [--seed N] [--max-limit N] [--files] [--projects N]
//        [--projects-shape array|data] [--html-previews SHARE] [--large-file BYTES]

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
    "offset-ignored": { type: "boolean" },
    seed: { type: "string" },
    "max-limit": { type: "string" },
    files: { type: "boolean" },
    projects: { type: "string" },
    "projects-shape": { type: "string" },
    "html-previews": { type: "string" },
    "large-file": { type: "string" },
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
  files: values.files ?? false,
  projects: num(values.projects),
  projectsListShape: values["projects-shape"] === "data" ? "data" : "array",
  htmlPreviewShare: num(values["html-previews"]),
});

if (values["offset-ignored"]) fake.setOffsetIgnored(true);

// For benchmarks: one chat of the first org carries a big upload, streamed when downloaded.
const largeSize = num(values["large-file"]);
const [firstOrg] = fake.chatOrgs();
const [firstChat] = firstOrg ? firstOrg.chats.keys() : [];
if (largeSize !== undefined && firstOrg && firstChat) {
  const file = fake.addLargeFile(firstOrg.uuid, firstChat, largeSize);
  process.stderr.write(`large file: ${file.url} (${file.size} bytes, sha256 ${file.sha256})\n`);
}

process.stdout.write(`CLAUDE_BACKUP_BASE_URL=${fake.url}\nCLAUDE_SESSION_KEY=${fake.sessionKey}\n`);

// Stays up until interrupted; closing the server lets the process exit on its own.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void fake.close());
}
