// The first 52 bits of a hex digest (its first 13 digits) as a number: exact in a double, so a key a
// Set or an object field holds in 16 bytes or less, where the digest's string took 48–110. Used where
// many digests are held for a whole run (archive/held.ts, store/blob-store.ts); two different digests
// share a key with a chance of one in 2^52.
export function hexKey(hex: string): number {
  return Number.parseInt(hex.slice(0, 13), 16);
}
