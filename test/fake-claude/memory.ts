// Org memory, `GET /api/organizations/{org}/memory` → {memory, updated_at} (docs/claude-api.md §5.5, LU; the
// shape is from the mock): set for every other chat org, 404 for the rest.

import type { Clock } from "./clock.ts";
import type { MemoryState } from "./project-state.ts";
import type { Rng } from "./rng.ts";
import type { World } from "./world.ts";

export interface MemoryBook {
  get(orgUuid: string): MemoryState | null;
  set(orgUuid: string, text: string | null): void;
}

const FACTS: readonly string[] = [
  "- Lives in Lyon; writes in English and French",
  "- Bakes sourdough at 75 % hydration 🍞",
  "- Prefers short answers with code first",
  "- Works on a TypeScript CLI called claude-backup",
  "- Uses metric units",
];

// Memory for the even-numbered chat orgs (the first one included), drawn from `rng` only.
export function createMemoryBook(world: World, rng: Rng, clock: Clock): MemoryBook {
  const byOrg = new Map<string, MemoryState | null>();
  world.chatOrgs().forEach((org, i) => {
    const facts = [rng.pick(FACTS), rng.pick(FACTS), rng.pick(FACTS)];
    const text = `**Work context**\n\n${facts.join("\n")}\n\n**Personal**\n\n- Zoë's café opens at 7:30\n`;
    byOrg.set(org.uuid, i % 2 === 0 ? { memory: text, updated_at: clock.now() } : null);
  });
  return {
    get: (orgUuid) => byOrg.get(orgUuid) ?? null,
    set(orgUuid, text) {
      byOrg.set(orgUuid, text === null ? null : { memory: text, updated_at: clock.advance(2, 9) });
    },
  };
}
