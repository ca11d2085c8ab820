// `npm run demo`: a real backup, through the real CLI, against the bundled fake claude.ai, into a
// temporary folder. Shows a first sync, a no-change sync, and a sync after changes on "claude.ai".
import { spawn } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeClaude } from "../test/fake-claude/server.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const fake = await startFakeClaude({ organizations: 2, chatsPerOrg: 40, latencyMs: 20 });
const root = await mkdtemp(join(tmpdir(), "claude-backup-demo-"));
const env = { ...process.env, CLAUDE_SESSION_KEY: fake.sessionKey, CLAUDE_BACKUP_BASE_URL: fake.url };

function backup(title: string): Promise<void> {
  process.stdout.write(`\n=== ${title}\n$ claude-backup ${root}\n`);
  fake.resetRequests();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, root], { env, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => {
      process.stdout.write(
        `(exit code ${code}, ${fake.count()} requests to the fake claude.ai at ${fake.url})\n`,
      );
      resolve();
    });
  });
}

try {
  await backup("first sync: every chat of every organization");
  await backup("second sync: nothing changed, so one request per organization plus the account");
  const [org] = fake.chatOrgs();
  if (org) {
    const [newest, second] = fake.listEntries(org.uuid) as { uuid: string }[];
    if (newest) fake.renameChat(org.uuid, newest.uuid, "Renamed on claude.ai");
    if (second) fake.updateChat(org.uuid, second.uuid);
    fake.createChat(org.uuid, { name: "A brand new chat" });
  }
  await backup("third sync: one chat renamed, one updated, one created");
  process.stdout.write(`\nThe backup is in ${root}:\n`);
  for (const dir of await readdir(join(root, "organizations"))) {
    const chats = await readdir(join(root, "organizations", dir, "chat_conversations"));
    process.stdout.write(
      `  organizations/${dir}/chat_conversations/  (${chats.length} chats, e.g. ${chats[0]})\n`,
    );
  }
} finally {
  await fake.close();
}
