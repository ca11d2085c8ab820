// What reading one browser profile gives, and the browsers' clocks turned into Unix milliseconds.

// The claude.ai cookie this tool is after, and the hosts it is set for.
export const COOKIE_NAME = "sessionKey";
export const COOKIE_HOSTS = [".claude.ai", "claude.ai"] as const;

// One sessionKey cookie found in a profile. `key` never goes into a message.
export interface CookieHit {
  key: string;
  updatedMs: number; // when the cookie was set or last updated
  expiresMs: number | undefined; // undefined: a session cookie, no expiry date
}

// The cookies found in one profile and, for everything that could not be read, why.
export interface ProfileReading {
  hits: CookieHit[];
  problems: string[];
}

// Chromium counts microseconds since 1601-01-01 UTC (base::Time, the Windows FILETIME epoch).
const CHROMIUM_EPOCH_OFFSET_MS = 11_644_473_600_000n;
// Firefox wrote `expiry` in seconds; newer versions write milliseconds. Seconds never reach this
// (it is the year 5138), and milliseconds of any date after 1973 are above it.
const FIREFOX_MS_THRESHOLD = 100_000_000_000n;

// Chromium time (µs since 1601) to Unix ms; 0 means "none" (a session cookie's expiry).
export function chromiumTimeMs(micros: bigint): number | undefined {
  if (micros <= 0n) return undefined;
  return Number(micros / 1000n - CHROMIUM_EPOCH_OFFSET_MS);
}

// Firefox `expiry` (seconds, or milliseconds in newer versions) to Unix ms; 0 or less means none.
export function firefoxExpiryMs(expiry: bigint): number | undefined {
  if (expiry <= 0n) return undefined;
  return Number(expiry >= FIREFOX_MS_THRESHOLD ? expiry : expiry * 1000n);
}

// Firefox `creationTime` and friends (µs since 1970) to Unix ms.
export function firefoxMicrosMs(micros: bigint): number {
  return Number(micros / 1000n);
}

// A column value read with readBigInts as a bigint (0 for NULL or anything else).
export function bigintColumn(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isFinite(value)) return BigInt(Math.trunc(value));
  return 0n;
}
