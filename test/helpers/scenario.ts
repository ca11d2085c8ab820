import assert from "node:assert/strict";
import { after, before } from "node:test";
import { type FakeClaude, type FakeClaudeOptions, startFakeClaude } from "../fake-claude/server.ts";
import { type Entry, envFor } from "./match-server.ts";
import { tempDir } from "./run-cli.ts";

// What an end-to-end test runs against: a fake claude.ai, an empty HOME and a backup folder.
export interface Scenario {
  fake: FakeClaude;
  home: string;
  backup: string;
  env: Record<string, string>;
}

// A scenario as one test starts it, with the first chat organization as the test found it.
export interface Setup extends Scenario {
  org: { uuid: string; name: string };
  entries: Entry[]; // the first organization's list, newest first, as the test started
}

// Starts a scenario; `close` stops the fake and removes the folders.
async function startScenario(
  options: FakeClaudeOptions,
): Promise<{ scenario: Scenario; close: () => Promise<void> }> {
  const fake = await startFakeClaude(options);
  const cleanups: (() => Promise<void>)[] = [() => fake.close()];
  const close = async () => {
    for (const cleanup of cleanups) await cleanup();
  };
  try {
    const home = await tempDir();
    cleanups.push(home.cleanup);
    const backup = await tempDir();
    cleanups.push(backup.cleanup);
    return {
      scenario: { fake, home: home.path, backup: backup.path, env: envFor(fake, home.path) },
      close,
    };
  } catch (error) {
    // A folder that could not be made must not leave the server listening (the test run would hang).
    await close();
    throw error;
  }
}

// Runs `body` against a fresh fake and fresh folders, and cleans up after it, whatever happens.
export async function withScenario(
  options: FakeClaudeOptions,
  body: (setup: Setup) => Promise<void>,
): Promise<void> {
  const { scenario, close } = await startScenario(options);
  try {
    const [org] = scenario.fake.chatOrgs();
    assert.ok(org);
    await body({ ...scenario, org, entries: scenario.fake.listEntries(org.uuid) as Entry[] });
  } finally {
    await close();
  }
}

// One scenario for all tests of the enclosing describe (before/after hooks); read its fields inside tests.
export function useScenario(options: FakeClaudeOptions): Scenario {
  let current: { scenario: Scenario; close: () => Promise<void> } | undefined;
  before(async () => {
    current = await startScenario(options);
  });
  after(async () => {
    await current?.close();
  });
  // The describe body runs before any hook, so a field read there (not in a test) would be undefined:
  // say so instead.
  const read = (): Scenario => {
    if (!current) throw new Error("useScenario: its fields are only set once the describe's before has run");
    return current.scenario;
  };
  return {
    get fake() {
      return read().fake;
    },
    get home() {
      return read().home;
    },
    get backup() {
      return read().backup;
    },
    get env() {
      return read().env;
    },
  };
}
