import { setTimeout as delay } from "node:timers/promises";

// Waits `ms` milliseconds; rejects with the signal's reason when it is aborted first.
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

// The real clock's sleep. Tests pass their own.
export const realSleep: Sleep = async (ms, signal) => {
  if (ms <= 0) {
    signal?.throwIfAborted();
    return;
  }
  await delay(ms, undefined, { signal });
};
