import type { PartKind } from "./export-names.ts";

// One file of an export, wherever it sits (inside a zip, in a folder, or given alone), readable as a
// stream of bytes as many times as needed (the plan peeks at the first conversation before importing).
export interface ExportPart {
  kind: PartKind;
  label: string; // how messages name it: "conversations.json in data-…-batch-0000.zip"
  size: number; // bytes, uncompressed
  open(): AsyncIterable<Buffer>;
}
