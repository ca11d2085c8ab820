// A fake claude.ai on 127.0.0.1: strict endpoints, a mutable world, scripted and random faults.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createExtras } from "./extras.ts";
import { createFaultPlan } from "./faults.ts";
import { createRequestHandler, type ServeState } from "./serve.ts";
import type { FakeClaude, FakeClaudeOptions, RequestRecord } from "./types.ts";
import { createWorld } from "./world.ts";

// How much sooner than the latency the fake's timer is set (see `wait`).
const TIMER_LEAD_MS = 1;

export type { ArtifactState } from "./artifacts.ts";
export type { ExpectedFile } from "./expected.ts";
export type { ExtrasControls } from "./extras.ts";
export { type ForeignHost, type ForeignRequest, startForeignHost } from "./foreign.ts";
export type { DocState, ProjectState } from "./project-state.ts";
export type { ProjectInit, ProjectPatch } from "./projects.ts";
export type {
  Account,
  ChatState,
  FakeClaude,
  FakeClaudeOptions,
  Fault,
  ListPageInfo,
  MessageJson,
  OrgState,
  ProjectsListShape,
  RequestKind,
  RequestRecord,
} from "./types.ts";

// Shaped like a real key (sk-ant-sid02-, docs/claude-api.md §1) but plainly synthetic.
export const DEFAULT_SESSION_KEY = "sk-ant-sid02-FAKE-fake-claude-test-session-key-0000";

// Starts the server on an ephemeral port; resolves once it is listening.
export async function startFakeClaude(options: FakeClaudeOptions = {}): Promise<FakeClaude> {
  const seed = options.seed ?? 1;
  const world = createWorld({
    seed,
    organizations: options.organizations ?? 2,
    chatsPerOrg: options.chatsPerOrg ?? 25,
    hostileNames: options.hostileNames ?? true,
  });
  const extras = createExtras(world, {
    seed,
    files: options.files ?? false,
    projects: options.projects ?? 0,
    hostileNames: options.hostileNames ?? true,
    projectsListShape: options.projectsListShape ?? "array",
    projectFilesMissing: options.projectFilesMissing ?? false,
    htmlPreviewShare: options.htmlPreviewShare ?? 0,
    foreignHost: options.foreignHost,
  });
  const faults = createFaultPlan(seed, options.faultRate ?? 0, options.randomFaultKinds);
  const state: ServeState = {
    sessionKey: options.sessionKey ?? DEFAULT_SESSION_KEY,
    v1ListRemoved: options.v1ListRemoved ?? false,
    latencyMs: options.latencyMs ?? 0,
    maxLimit: options.maxLimit,
    offsetIgnored: false,
  };
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const immediates = new Set<NodeJS.Immediate>();
  // The latency is the time from a request's arrival to its answer, as a server far away would give.
  // setTimeout never fires early and rounds to the millisecond, so alone it answers about a
  // millisecond late (2 % of 50 ms, which a benchmark against connections / latency would blame on
  // the client). It is set a millisecond short, and the rest is waited out with setImmediate, which
  // lets other requests' I/O run meanwhile. That polling spins the event loop, so it is kept to the
  // last millisecond of the waits that must end on time (`precise`); the others are a timer alone.
  // A timer that close() can clear.
  const after = (ms: number, then: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      then();
    }, ms);
    timers.add(timer);
  };
  const wait = (ms: number, precise = true): Promise<void> => {
    if (ms <= 0) return Promise.resolve();
    const deadline = performance.now() + ms;
    return new Promise((resolve) => {
      if (!precise) {
        after(ms, resolve);
        return;
      }
      const check = (): void => {
        if (performance.now() >= deadline) {
          resolve();
          return;
        }
        const immediate = setImmediate(() => {
          immediates.delete(immediate);
          check();
        });
        immediates.add(immediate);
      };
      // Within a millisecond of the deadline, setTimeout (which waits at least 1 ms) would overshoot.
      if (ms <= TIMER_LEAD_MS + 1) {
        check();
        return;
      }
      after(ms - TIMER_LEAD_MS, check);
    });
  };

  const fake: FakeClaude = {
    url: "",
    get sessionKey() {
      return state.sessionKey;
    },
    requests,
    count: (kind) => (kind === undefined ? requests.length : requests.filter((r) => r.kind === kind).length),
    resetRequests() {
      requests.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const immediate of immediates) clearImmediate(immediate);
      immediates.clear();
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    account: () => world.account(),
    chatOrgs: () => world.chatOrgs(),
    listEntries: (orgUuid) => world.listEntries(orgUuid),
    chatBody: (orgUuid, chatUuid) => world.chatBody(orgUuid, chatUuid),
    createChat(orgUuid, init) {
      const chatUuid = world.createChat(orgUuid, init);
      extras.touched(orgUuid, chatUuid);
      return chatUuid;
    },
    updateChat(orgUuid, chatUuid) {
      world.updateChat(orgUuid, chatUuid);
      extras.touched(orgUuid, chatUuid);
    },
    renameChat: (orgUuid, chatUuid, name) => world.renameChat(orgUuid, chatUuid, name),
    starChat: (orgUuid, chatUuid, starred) => world.starChat(orgUuid, chatUuid, starred),
    deleteChat: (orgUuid, chatUuid) => world.deleteChat(orgUuid, chatUuid),
    renameOrg: (orgUuid, name) => world.renameOrg(orgUuid, name),
    setSessionKey(key) {
      state.sessionKey = key;
    },
    setV1ListRemoved(removed) {
      state.v1ListRemoved = removed;
    },
    setFaultRate: (rate) => faults.setRate(rate),
    setLatency(ms) {
      state.latencyMs = ms;
    },
    setMaxLimit(limit) {
      state.maxLimit = limit;
    },
    setOffsetIgnored(ignored) {
      state.offsetIgnored = ignored;
    },
    injectFault: (match, fault, times = 1) => faults.inject(match, fault, times),
    clearFaults: () => faults.clear(),
    onListPage: undefined,
    ...extras.controls,
  };

  const listener = createRequestHandler({ world, extras, faults, state, requests, hooks: fake, wait });
  const server = createServer((req, res) => {
    listener(req, res).catch((error: unknown) => {
      console.error("fake-claude: request failed:", error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  return fake;
}
