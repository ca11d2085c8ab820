// A one-line live status on a terminal (stderr): organizations, chats listed, fetched, left, rate and
// ETA. Hand-written rather than a spinner library: it is one line redrawn with "\r", and every other
// line printed meanwhile must clear it first, which the reporter does through `around`.

export interface ProgressCounts {
  organizations: number; // chat organizations in the account
  organizationsListed: number;
  listed: number; // list rows read
  toFetch: number; // chats to fetch, over all organizations listed so far
  fetched: number; // saved, failed or gone
  failed: number;
  retrying: number; // retries announced in the last few seconds
  files?: number; // files downloaded
  bytes?: number; // their bytes
  projects?: number; // projects fetched
}

export interface Progress {
  counts: ProgressCounts;
  // Schedules a redraw (at most ten a second).
  changed(): void;
  // Runs `write` with the status line removed, then puts it back.
  around(write: () => void): void;
  // Removes the line for good.
  stop(): void;
}

const REDRAW_MS = 100;

export function createProgress(
  stream: NodeJS.WritableStream & { columns?: number },
  now = Date.now,
): Progress {
  const counts: ProgressCounts = {
    organizations: 0,
    organizationsListed: 0,
    listed: 0,
    toFetch: 0,
    fetched: 0,
    failed: 0,
    retrying: 0,
    files: 0,
    bytes: 0,
    projects: 0,
  };
  let shown = false;
  let timer: NodeJS.Timeout | undefined;
  let firstFetchAt: number | undefined;
  let stopped = false;
  const clear = () => {
    if (shown) stream.write("\r\x1b[K");
    shown = false;
  };
  const draw = () => {
    timer = undefined;
    if (stopped) return;
    clear();
    const line = statusLine(counts, firstFetchAt === undefined ? 0 : now() - firstFetchAt);
    stream.write(line.slice(0, Math.max(20, (stream.columns ?? 80) - 1)));
    shown = true;
  };
  return {
    counts,
    changed() {
      if (firstFetchAt === undefined && counts.fetched > 0) firstFetchAt = now();
      if (!timer && !stopped) {
        timer = setTimeout(draw, REDRAW_MS);
        timer.unref();
      }
    },
    around(write) {
      const wasShown = shown;
      clear();
      write();
      // Put the line straight back under what was written, so it stays at the bottom even when chat
      // lines come faster than the redraw rate.
      if (wasShown && !stopped) {
        if (timer) clearTimeout(timer);
        draw();
      } else if (!stopped && !timer) {
        timer = setTimeout(draw, REDRAW_MS);
        timer.unref();
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clear();
    },
  };
}

// "orgs 1/3 · 1200 listed · 340/800 fetched · 460 left · 57.1 chats/s · ETA 8s"
export function statusLine(c: ProgressCounts, fetchingForMs: number): string {
  const left = Math.max(0, c.toFetch - c.fetched);
  const parts = [
    `orgs ${c.organizationsListed}/${c.organizations}`,
    `${c.listed} listed`,
    `${c.fetched}/${c.toFetch} fetched`,
    `${left} left`,
  ];
  if (c.projects) parts.push(`${c.projects} projects`);
  if (c.files) parts.push(`${c.files} files (${((c.bytes ?? 0) / 1e6).toFixed(1)} MB)`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.retrying > 0) parts.push(`${c.retrying} retrying`);
  const rate = fetchingForMs > 1000 ? (c.fetched / fetchingForMs) * 1000 : 0;
  if (rate > 0) {
    parts.push(`${rate.toFixed(1)} chats/s`);
    if (left > 0) parts.push(`ETA ${duration(left / rate)}`);
  }
  return parts.join(" · ");
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
