import { stat } from "node:fs/promises";

// What a sync running beside the viewer writes must show without a restart, and re-reading a 10,000
// row list file on every request would be slow: so each file or folder read is kept with the mtime
// and size it had, and read again only when a stat says they changed (the sync renames every file
// into place, which changes both the file's and its folder's mtime).

export interface StatCache<T> {
  // The value for `path`, loaded again when the path's mtime or size changed; `missing` when it is gone.
  get(path: string): Promise<T>;
}

// A cache over `load`, keyed by path and invalidated by stat.
export function statCache<T>(load: (path: string) => Promise<T>, missing: () => T): StatCache<T> {
  const entries = new Map<string, { stamp: string; value: Promise<T> }>();
  return {
    async get(path) {
      const info = await stat(path).catch(() => undefined);
      if (!info) {
        entries.delete(path);
        return missing();
      }
      const stamp = `${info.mtimeMs}:${info.size}:${info.ino}`;
      const held = entries.get(path);
      if (held && held.stamp === stamp) return held.value;
      const value = load(path);
      entries.set(path, { stamp, value });
      // A failed load is not kept: the next request tries again.
      value.catch(() => entries.delete(path));
      return value;
    },
  };
}
