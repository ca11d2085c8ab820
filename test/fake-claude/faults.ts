// Fault scripts and random faults: which request gets which failure, and the replies they produce.

import {
  cloudflareChallengeReply,
  htmlViewerReply,
  missingPermissionsReply,
  notFoundReply,
  orgForbiddenReply,
  type Reply,
  rateLimitReply,
  redirectReply,
  regionBlockedReply,
  sessionInvalidReply,
  upstreamErrorReply,
} from "./replies.ts";
import { createRng } from "./rng.ts";
import type { Fault, RequestKind } from "./types.ts";

export interface FaultPlan {
  inject(match: RequestKind | RegExp, fault: Fault, times: number): void;
  clear(): void;
  setRate(rate: number): void;
  // The fault for this request, if any: scripted ones first (in order), then a random draw.
  take(kind: RequestKind, target: string): Fault | undefined;
}

interface Scripted {
  match: RequestKind | RegExp;
  fault: Fault;
  remaining: number;
}

// Only the endpoints a backup calls get random faults; never auth, Cloudflare or redirects. The
// default is the chat endpoints only, so worlds with projects and files keep their fault sequence.
const RANDOM_KINDS: readonly RequestKind[] = ["account", "organizations", "list_v1", "list_v2", "chat"];

// A plan whose random draws come from their own PRNG, so faults never disturb the world's sequence;
// random faults hit only `kinds`.
export function createFaultPlan(
  seed: number,
  rate: number,
  kinds: readonly RequestKind[] = RANDOM_KINDS,
): FaultPlan {
  const rng = createRng(seed ^ 0x5eed_fa17);
  const randomKinds: ReadonlySet<RequestKind> = new Set(kinds);
  const scripted: Scripted[] = [];
  let faultRate = rate;

  const matches = (entry: Scripted, kind: RequestKind, target: string): boolean => {
    if (typeof entry.match === "string") return entry.match === kind;
    entry.match.lastIndex = 0;
    return entry.match.test(target);
  };
  const randomFault = (): Fault => {
    const roll = rng.int(0, 8);
    if (roll === 0) return { type: "rate_limit", retryAfter: "1" };
    if (roll === 1) return { type: "rate_limit" };
    if (roll === 2) return { type: "status", status: 500 };
    if (roll === 3) return { type: "status", status: 502 };
    if (roll === 4) return { type: "status", status: 503 };
    if (roll === 5) return { type: "reset" };
    if (roll === 6) return { type: "truncate" };
    if (roll === 7) return { type: "malformed" };
    return { type: "slow", ms: rng.int(200, 800) };
  };

  return {
    inject(match, fault, times) {
      if (times > 0) scripted.push({ match, fault, remaining: times });
    },
    clear() {
      scripted.length = 0;
    },
    setRate(rate) {
      faultRate = rate;
    },
    take(kind, target) {
      const index = scripted.findIndex((entry) => matches(entry, kind, target));
      const entry = scripted[index];
      if (entry) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) scripted.splice(index, 1);
        return entry.fault;
      }
      if (faultRate > 0 && randomKinds.has(kind) && rng.next() < faultRate) return randomFault();
      return undefined;
    },
  };
}

// The label kept in the request log, e.g. "status_503", "rate_limit", "reset".
export function faultLabel(fault: Fault): string {
  return fault.type === "status" ? `status_${fault.status}` : fault.type;
}

// The reply that replaces the real answer, for faults that are a plain answer.
export function faultReply(fault: Fault): Reply | undefined {
  switch (fault.type) {
    case "status":
      return upstreamErrorReply(fault.status);
    case "rate_limit":
      return rateLimitReply(fault.retryAfter);
    case "cloudflare":
      return cloudflareChallengeReply();
    case "session_invalid":
      return sessionInvalidReply();
    case "org_forbidden":
      return orgForbiddenReply();
    case "missing_permissions":
      return missingPermissionsReply();
    case "region_blocked":
      return regionBlockedReply();
    case "redirect":
      return redirectReply(fault.location ?? "/login");
    case "not_found":
      return notFoundReply();
    case "html_viewer":
      return htmlViewerReply();
    default:
      return undefined;
  }
}

// A complete answer whose JSON is cut short: the prefix of a JSON object or array never parses.
export function malformedBody(body: string): string {
  const chars = Array.from(body);
  return body === "" ? "{" : chars.slice(0, Math.max(1, Math.floor(chars.length / 2))).join("");
}
