// The fake world's clock: a microsecond counter from 2025-01-01 that only ever moves forward.

import type { Rng } from "./rng.ts";

// Every timestamp the fake serves is at or after this instant.
const EPOCH_MS = Date.UTC(2025, 0, 1);
const MICROS_PER_SECOND = 1_000_000;

export interface Clock {
  // The current instant as the API writes it: ISO 8601, 6-digit microseconds, `Z` (docs/claude-api.md §3.3).
  now(): string;
  // Milliseconds since the Unix epoch, for UUIDv7 prefixes.
  nowMs(): number;
  // Moves forward by a random span in [minSeconds, maxSeconds] and returns the new instant.
  advance(minSeconds: number, maxSeconds: number): string;
}

// Formats a microsecond offset from EPOCH_MS the way claude.ai does.
export function formatMicros(micros: number): string {
  const seconds = Math.floor(micros / MICROS_PER_SECOND);
  const fraction = String(micros % MICROS_PER_SECOND).padStart(6, "0");
  return `${new Date(EPOCH_MS + seconds * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

// The inverse of formatMicros: microseconds from EPOCH_MS for a timestamp the fake wrote.
export function parseMicros(iso: string): number {
  const seconds = (Date.parse(`${iso.slice(0, 19)}Z`) - EPOCH_MS) / 1000;
  return seconds * MICROS_PER_SECOND + Number(iso.slice(20, 26).padEnd(6, "0"));
}

// A clock driven by the world's PRNG, so timestamps are deterministic per seed; it starts at
// `startMicros` (a second clock can start where the world's one stood).
export function createClock(rng: Rng, startMicros = 0): Clock {
  let micros = startMicros;
  return {
    now: () => formatMicros(micros),
    nowMs: () => EPOCH_MS + Math.floor(micros / 1000),
    advance(minSeconds, maxSeconds) {
      // At least one microsecond, so every mutation gets a strictly later timestamp.
      micros += Math.max(1, rng.int(minSeconds * MICROS_PER_SECOND, maxSeconds * MICROS_PER_SECOND));
      return formatMicros(micros);
    },
  };
}
