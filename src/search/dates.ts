import { UsageError } from "../core/errors.ts";

// `--since` and `--until` dates: a year, a month, a day (UTC, as claude.ai's timestamps are) or a
// full ISO time. `--until 2026-02` means up to the end of February, so "end" gives the first instant
// after the period.

const PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

// Milliseconds since the epoch of the period's start, or (`end`) of the instant just after it.
export function parseDate(value: string, edge: "start" | "end", option: string): number {
  const text = value.trim();
  const period = PERIOD.exec(text);
  if (period) {
    const [, y = "", m, d] = period;
    const year = Number(y);
    const month = m === undefined ? 0 : Number(m) - 1;
    const day = d === undefined ? 1 : Number(d);
    const start = Date.UTC(year, month, day);
    const check = new Date(start);
    if (month > 11 || check.getUTCMonth() !== month || check.getUTCDate() !== day) throw bad(value, option);
    if (edge === "start") return start;
    if (d !== undefined) return Date.UTC(year, month, day + 1);
    if (m !== undefined) return Date.UTC(year, month + 1, 1);
    return Date.UTC(year + 1, 0, 1);
  }
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw bad(value, option);
  return edge === "end" ? ms + 1 : ms;
}

function bad(value: string, option: string): UsageError {
  return new UsageError(
    `${option}: '${value}' is not a date; use YYYY-MM-DD (or YYYY, YYYY-MM, an ISO time)`,
  );
}
