import { isRecord } from "../core/guards.ts";

// Every file and list row that import writes carries this top-level key. claude.ai's API never sends
// it, so it tells an imported copy from an API copy without doubt, and a list row carrying it can never
// equal the row claude.ai lists: the next sync always fetches the API copy and writes it over this one.
export const MARKER_KEY = "_claude_backup";

// What the marker says: where the copy came from, and when it was imported.
export interface ImportMarker {
  imported_from: "official-export";
  imported_at: string;
  source: string; // the file the user gave (`data-…-batch-0000.zip`)
}

// The marker for a copy imported now from `source`.
export function importMarker(source: string, now: Date): ImportMarker {
  return { imported_from: "official-export", imported_at: now.toISOString(), source };
}

// True for a JSON object that import wrote (as opposed to a copy from the API or the original tool).
export function isImported(value: unknown): boolean {
  return (
    isRecord(value) && isRecord(value[MARKER_KEY]) && value[MARKER_KEY].imported_from === "official-export"
  );
}

// The export's own bytes of an object with the marker added as its last key, so everything else stays
// exactly as the export wrote it (key order, spacing, numbers beyond a double's precision). Being
// last, the marker also wins over a key of the same name in the export, as JSON.parse keeps the last.
export function withMarker(raw: Buffer, marker: ImportMarker, empty: boolean): Buffer {
  const end = raw.lastIndexOf(0x7d); // the object's closing `}`
  if (end < 0) throw new TypeError("withMarker: not a JSON object");
  const field = `${empty ? "" : ","}${JSON.stringify(MARKER_KEY)}:${JSON.stringify(marker)}`;
  return Buffer.concat([raw.subarray(0, end), Buffer.from(field), raw.subarray(end)]);
}
