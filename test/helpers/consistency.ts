import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";

// What a backup folder must look like at any moment, even right after the process was killed.
export interface ConsistencyOptions {
  // Chat uuid → every body the server ever served for it: a saved chat is one of these, byte for byte.
  versions: ReadonlyMap<string, ReadonlySet<string>>;
  // A run finished (well or with an error): no temp files, no journal lines, no lock left behind.
  completed: boolean;
  // Chat files found in neither chat_conversations.json nor the journal: only chats whose file was
  // written when the process died, before their journal line (at most the tasks a run works on at once).
  maxUnrecorded: number;
}

export interface ConsistencyReport {
  chatFiles: number;
  tempFiles: string[];
  unrecorded: number;
}

// Temp files of atomic writes, name-limit probes: anything named `.claude-backup-…` but our state folder.
const TEMP_FILE = /^\.claude-backup-/;
const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.jsonl?)?$/;

// Asserts the folder's invariants: every *.json parses, every chat file is a version the server
// served, at most one file per chat, every row of a list file has its file, and saved chats are
// recorded (list file or journal) unless they were being saved when the process died.
export async function assertConsistent(
  root: string,
  options: ConsistencyOptions,
): Promise<ConsistencyReport> {
  const files = await walk(root);
  const tempFiles = files.filter((path) => TEMP_FILE.test(basename(path)));
  if (options.completed) assert.deepEqual(tempFiles, [], "temp files left after a completed run");
  const perChat = new Map<string, string[]>(); // `<org uuid>/<chat uuid>` → files
  const recorded = new Set<string>(); // same keys, from list files and journals
  const listed = new Map<string, string[]>(); // org uuid → uuids in its chat_conversations.json
  for (const path of files) {
    const rel = relative(root, path).split(sep);
    if (path.endsWith(".json")) {
      const text = await readFile(path, "utf8");
      let parsed: unknown;
      assert.doesNotThrow(
        () => {
          parsed = JSON.parse(text);
        },
        `${rel.join("/")} is not JSON`,
      );
      const [top, orgDir, sub, name] = rel;
      const orgUuid = orgDir && UUID_AT_END.exec(orgDir)?.[1];
      if (top !== "organizations" || !orgUuid) continue;
      if (sub === "chat_conversations" && name !== undefined && rel.length === 4) {
        const uuid = UUID_AT_END.exec(name)?.[1];
        assert.ok(uuid, `chat file without a uuid: ${rel.join("/")}`);
        const served = options.versions.get(uuid);
        assert.ok(served?.has(text), `${rel.join("/")} is not a version the server served`);
        const key = `${orgUuid}/${uuid}`;
        perChat.set(key, [...(perChat.get(key) ?? []), name]);
      } else if (sub === "chat_conversations.json" && rel.length === 3) {
        const uuids = (parsed as { uuid: string }[]).map((row) => row.uuid);
        listed.set(orgUuid, uuids);
        for (const uuid of uuids) recorded.add(`${orgUuid}/${uuid}`);
      }
    } else if (path.endsWith(".jsonl") && rel[0] === ".claude-backup" && rel[1] === "journal") {
      const orgUuid = UUID_AT_END.exec(basename(path))?.[1];
      const lines = (await readFile(path, "utf8")).split("\n").filter((line) => line.trim() !== "");
      if (options.completed)
        assert.deepEqual(lines, [], `journal ${basename(path)} left after a completed run`);
      for (const line of lines) {
        try {
          recorded.add(`${orgUuid}/${(JSON.parse(line) as { uuid: string }).uuid}`);
        } catch {
          // a line torn by the kill: that chat counts as unrecorded
        }
      }
    } else if (options.completed && rel.join("/") === ".claude-backup/lock") {
      assert.fail("the lock file is left after a completed run");
    }
  }
  for (const [key, names] of perChat) {
    assert.equal(names.length, 1, `more than one file for chat ${key}: ${names.join(", ")}`);
  }
  for (const [orgUuid, uuids] of listed) {
    for (const uuid of uuids) {
      assert.ok(perChat.has(`${orgUuid}/${uuid}`), `chat ${uuid} is listed but has no file`);
    }
  }
  const unrecorded = [...perChat.keys()].filter((key) => !recorded.has(key)).length;
  assert.ok(
    unrecorded <= options.maxUnrecorded,
    `${unrecorded} saved chats are in neither the list file nor the journal (at most ${options.maxUnrecorded} may be)`,
  );
  return { chatFiles: perChat.size, tempFiles, unrecorded };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}
