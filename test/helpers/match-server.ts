import assert from "node:assert/strict";
import { join } from "node:path";
import { chatFileName, orgDirName } from "../../src/core/names.ts";
import type { FakeClaude } from "../fake-claude/server.ts";
import { readOrgFolder } from "./backup-tree.ts";

// The fields of a list row the tests look at.
export type Entry = { uuid: string; name: string | null; updated_at: string };

// Options for quick runs: no spacing between requests, retries after 10–50 ms.
export const FAST = ["-s", "0", "--min-retry-delay", "0.01", "--max-retry-delay", "0.05"];

// The environment a CLI run needs to back up the fake (HOME points at an empty folder: no browsers).
export function envFor(fake: FakeClaude, home: string): Record<string, string> {
  return { CLAUDE_SESSION_KEY: fake.sessionKey, CLAUDE_BACKUP_BASE_URL: fake.url, HOME: home };
}

// The folder an organization's chats are saved in.
export function orgFolder(root: string, org: { uuid: string; name: string }): string {
  return join(root, "organizations", orgDirName(org.name, org.uuid));
}

// Every chat of the fake, over all chat organizations.
export function serverChatCount(fake: FakeClaude): number {
  return fake.chatOrgs().reduce((n, org) => n + fake.listEntries(org.uuid).length, 0);
}

// Asserts that the backup holds exactly the server's chats (plus `kept`: chat uuid → org uuid of chats
// deleted there), byte for byte, one file per chat, with the right names, mtimes and modes, and that
// chat_conversations.json has the server's row of every chat.
export async function assertMatchesServer(
  fake: FakeClaude,
  root: string,
  kept: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  for (const org of fake.chatOrgs()) {
    const folder = await readOrgFolder(orgFolder(root, org));
    const entries = fake.listEntries(org.uuid) as Entry[];
    for (const entry of entries) {
      const files = folder.chats.get(entry.uuid);
      assert.ok(files, `chat ${entry.uuid} (${JSON.stringify(entry.name)}) missing`);
      assert.equal(
        files.length,
        1,
        `more than one file for ${entry.uuid}: ${files.map((f) => f.file).join(", ")}`,
      );
      const [file] = files;
      assert.ok(file);
      assert.equal(file.file, chatFileName(entry.name, entry.uuid));
      assert.equal(
        file.body,
        fake.chatBody(org.uuid, entry.uuid),
        `chat ${entry.uuid} differs from the server`,
      );
      assert.equal(file.mtimeMs, Date.parse(entry.updated_at), `mtime of ${file.file}`);
      assert.equal(file.mode, 0o600);
    }
    const expected = new Set([
      ...entries.map((e) => e.uuid),
      ...[...kept.keys()].filter((u) => kept.get(u) === org.uuid),
    ]);
    assert.deepEqual(new Set(folder.chats.keys()), expected, `chats of ${org.name}`);
    assert.ok(folder.list, `${folder.dir}/chat_conversations.json is missing or not JSON`);
    const listed = new Map((folder.list as Entry[]).map((e) => [e.uuid, e]));
    for (const entry of entries) assert.deepEqual(listed.get(entry.uuid), entry);
  }
}
