// The message shown when no browser gave a usable key: a one-line summary, each place looked at and
// why it failed, then the two ways to give the key by hand.
import type { SearchResult } from "./browser-search.ts";

const MANUAL_WAYS = [
  "Log in to claude.ai in Firefox or a Chromium browser, or give the key by hand (the value of the",
  "sessionKey cookie of claude.ai, from the browser's developer tools):",
  "  CLAUDE_SESSION_KEY=sk-ant-... npx claude-backup",
  '  npx claude-backup --session-key-file PATH   (a file holding only the key; "-" reads standard input)',
];

// Builds the multi-line message. `nowMs` decides which cookies count as expired.
export function notFoundMessage(search: SearchResult, nowMs: number): string {
  const { attempts, notInstalled } = search;
  const lines: string[] = [];
  const profiles = attempts.length === 1 ? "1 place" : `${attempts.length} places`;
  lines.push(
    attempts.length === 0
      ? "no claude.ai session key found: no supported browser is installed"
      : `no claude.ai session key found (looked in ${profiles}):`,
  );
  for (const attempt of attempts) lines.push(`  ${attempt.source}: ${reason(attempt.reading, nowMs)}`);
  for (const missing of notInstalled.filter((m) => m.selected)) {
    lines.push(`  ${missing.name}: not installed (looked in ${missing.dirs.join(", ")})`);
  }
  const others = notInstalled.filter((m) => !m.selected).map((m) => m.name);
  if (others.length > 0) lines.push(`  not installed: ${others.join(", ")}`);
  lines.push(...MANUAL_WAYS);
  return lines.join("\n");
}

function reason(reading: SearchResult["attempts"][number]["reading"], nowMs: number): string {
  const expired = reading.hits.filter((hit) => hit.expiresMs !== undefined && hit.expiresMs <= nowMs);
  const parts = [...reading.problems];
  if (expired.length > 0) {
    const latest = Math.max(...expired.map((hit) => hit.expiresMs ?? 0));
    parts.unshift(`the claude.ai session cookie expired on ${new Date(latest).toISOString().slice(0, 10)}`);
  }
  if (parts.length === 0) parts.push("no claude.ai sessionKey cookie (not logged in there?)");
  return parts.join("; ");
}
