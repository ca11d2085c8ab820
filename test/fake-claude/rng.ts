// A small seeded PRNG (mulberry32): one seed must always give a byte-identical fake world.

export interface Rng {
  // A float in [0, 1).
  next(): number;
  // An integer in [min, max], both included.
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  base62(length: number): string;
  uuid4(): string;
  // A UUIDv7 whose time prefix is `ms`, like the newer message ids (docs/claude-api.md §4.3).
  uuid7(ms: number): string;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

// Builds a generator from a 32-bit seed.
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const chars = (alphabet: string, length: number): string => {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
    return out;
  };
  const variant = (): string => HEX.charAt(int(8, 11));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    hex: (length) => chars(HEX, length),
    base62: (length) => chars(BASE62, length),
    uuid4() {
      const h = chars(HEX, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant()}${h.slice(17, 20)}-${h.slice(20)}`;
    },
    uuid7(ms) {
      const t = Math.floor(ms).toString(16).padStart(12, "0").slice(-12);
      const h = chars(HEX, 20);
      return `${t.slice(0, 8)}-${t.slice(8)}-7${h.slice(0, 3)}-${variant()}${h.slice(4, 7)}-${h.slice(8)}`;
    },
  };
}
