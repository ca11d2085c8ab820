import type { Sleep } from "../core/sleep.ts";

// Shared politeness for every worker: request starts are spaced at least `spacingMs` apart across all
// connections (the original tool's --success-delay), and a 429 pauses everyone until its delay is over.
export interface Pacer {
  // Waits for this request's turn.
  turn(signal?: AbortSignal): Promise<void>;
  // Holds every later turn back for `ms` from now.
  pauseFor(ms: number): void;
}

export function createPacer(options: { spacingMs: number; sleep: Sleep; now: () => number }): Pacer {
  const { spacingMs, sleep, now } = options;
  let nextSlot = 0;
  let pausedUntil = 0;
  return {
    async turn(signal) {
      // Reserve the slot synchronously so that concurrent callers queue up one spacing apart.
      const start = Math.max(now(), nextSlot, pausedUntil);
      nextSlot = start + spacingMs;
      await sleep(start - now(), signal);
      // A pause that began while we slept still applies.
      while (pausedUntil > now()) await sleep(pausedUntil - now(), signal);
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}
