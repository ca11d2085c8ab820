// Small type guards for JSON that came from the network or the disk (`unknown` until narrowed).

// True for a plain JSON object (not null, not an array).
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
