// One request's path through the fake: latency, method, Cloudflare, faults, session, endpoint.

import type { IncomingMessage, ServerResponse } from "node:http";
import { readCookie } from "./cookie.ts";
import type { Extras } from "./extras.ts";
import { type FaultPlan, faultLabel, faultReply, malformedBody } from "./faults.ts";
import { handle } from "./handlers.ts";
import {
  type Answer,
  cloudflareChallengeReply,
  errorReply,
  isBytesReply,
  methodNotAllowedReply,
  type Reply,
  sessionInvalidReply,
} from "./replies.ts";
import { classify, type Route } from "./route.ts";
import {
  encodeReply,
  resetConnection,
  sendBrokenHttp,
  sendPayload,
  sendReply,
  sendTruncated,
} from "./send.ts";
import type { ListPageInfo, RequestRecord } from "./types.ts";
import type { World } from "./world.ts";

// How long before an answer is due the fake makes it (see the request handler).
const ANSWER_LEAD_MS = 2;

// The settings tests may change while the server runs.
export interface ServeState {
  sessionKey: string;
  v1ListRemoved: boolean;
  latencyMs: number;
  maxLimit: number | undefined;
  offsetIgnored: boolean;
}

export interface ServeDeps {
  world: World;
  extras: Extras;
  faults: FaultPlan;
  state: ServeState;
  requests: RequestRecord[];
  hooks: { onListPage?: ((info: ListPageInfo) => void) | undefined };
  // `precise`: ends on time to the millisecond's fraction (by polling the last of it), else a timer.
  wait(ms: number, precise?: boolean): Promise<void>;
}

// Cloudflare lets browsers through; a plain Node or curl User-Agent gets the challenge (docs/claude-api.md §8.2).
function looksLikeBrowser(req: IncomingMessage): boolean {
  return (req.headers["user-agent"] ?? "").includes("Mozilla/5.0");
}

// The backend's answer: the session is checked before anything else, file bytes included (docs/claude-api.md §6,
// §8.1).
function answer(deps: ServeDeps, req: IncomingMessage, route: Route, query: URLSearchParams): Answer {
  if (readCookie(req.headers.cookie, "sessionKey") !== deps.state.sessionKey) return sessionInvalidReply();
  try {
    return handle(route, query, {
      world: deps.world,
      extras: deps.extras,
      v1ListRemoved: deps.state.v1ListRemoved,
      maxLimit: deps.state.maxLimit,
      offsetIgnored: deps.state.offsetIgnored,
      onListPage: deps.hooks.onListPage,
    });
  } catch (error) {
    console.error("fake-claude: handler failed:", error);
    return errorReply(500, "api_error", "Internal server error");
  }
}

// Builds the node:http request listener.
export function createRequestHandler(
  deps: ServeDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    // The answer is due `latencyMs` after the request arrived (more under a "slow" fault). It is made
    // ANSWER_LEAD_MS before that and sent when due, as a far-away server's answer is made before it
    // travels: made after the wait, its making (a chat's JSON, gzip) came on top of the latency, and
    // a benchmark against connections / latency blamed that on the client.
    let dueAt = performance.now() + deps.state.latencyMs;
    const target = req.url ?? "/";
    const url = new URL(target, "http://fake-claude.invalid");
    const route = classify(url.pathname);
    const record: RequestRecord = {
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      kind: route.kind,
      status: 0,
      at: Date.now(),
    };
    deps.requests.push(record);
    // Waits until the answer is due, or until it is to be made (a plain timer: it need not be exact).
    const due = (): Promise<void> => deps.wait(dueAt - performance.now());
    const makeTime = (): Promise<void> => deps.wait(dueAt - ANSWER_LEAD_MS - performance.now(), false);
    const send = async (reply: Reply, how: typeof sendReply = sendReply): Promise<void> => {
      const wire = encodeReply(req, reply);
      await due();
      if (res.destroyed) return;
      record.status = reply.status;
      how(res, wire);
    };

    await makeTime();
    if (req.method !== "GET") return send(methodNotAllowedReply());
    if (!looksLikeBrowser(req)) return send(cloudflareChallengeReply());

    const fault = deps.faults.take(route.kind, target);
    if (fault) record.fault = faultLabel(fault);
    const replacement = fault && faultReply(fault);
    if (replacement) return send(replacement);
    if (fault?.type === "reset") {
      await due();
      return resetConnection(req);
    }
    if (fault?.type === "broken_http") {
      await due();
      return sendBrokenHttp(req);
    }
    if (fault?.type === "slow") {
      dueAt += fault.ms;
      await makeTime();
    }

    // Computed only now, after all but the last moment of every delay, so mutations made meanwhile
    // are visible.
    const reply = answer(deps, req, route, url.searchParams);
    if (isBytesReply(reply)) {
      await due();
      if (res.destroyed) return;
      record.status = reply.status;
      // A download cut short mid-body, or a whole-looking answer with only half the bytes.
      const cutAt = fault?.type === "truncate" ? Math.floor(reply.payload.size / 2) : undefined;
      const how = cutAt === undefined ? { shortBody: fault?.type === "malformed" } : { cutAt };
      return sendPayload(res, reply.status, reply.headers, reply.payload, how);
    }
    if (fault?.type === "truncate") return send(reply, sendTruncated);
    if (fault?.type === "malformed") return send({ ...reply, body: malformedBody(reply.body) });
    return send(reply);
  };
}
