// Parses an HTTP Retry-After header (delta-seconds or an HTTP-date) into milliseconds from `nowMs`.
// Returns undefined for a missing or unreadable header, and never a negative delay.
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
