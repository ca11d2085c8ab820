// Shared politeness for every connection: request starts are spaced at least `spacingMs` apart across
// all connections and hosts (the original tool's --success-delay), and a 429 pauses everyone until its
// delay is over. The connection pools ask it at the moment they would write a request
// (connection-pool.ts), so the spacing holds on the wire, not only where the requests were made.
export interface Pacer {
  // Milliseconds until a request may start; 0: now.
  wait(): number;
  // A request starts now: the next waits a spacing from here.
  started(): void;
  // Holds every later start back for `ms` from now.
  pauseFor(ms: number): void;
}

export function createPacer(options: { spacingMs: number; now: () => number }): Pacer {
  const { spacingMs, now } = options;
  let nextStart = 0;
  let pausedUntil = 0;
  return {
    wait: () => Math.max(0, nextStart - now(), pausedUntil - now()),
    started() {
      nextStart = now() + spacingMs;
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}
