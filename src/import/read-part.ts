import { ImportError } from "../core/errors.ts";
import type { ExportPart } from "./parts.ts";

// The small parts of an export (users.json, memories.json, one projects/<uuid>.json) are read whole;
// one bigger than this is not what the export writes there, and is refused rather than loaded.
export const SMALL_PART_MAX_BYTES = 256 * 1024 * 1024;

// A small part's bytes and its parsed JSON. Throws ImportError when it is too big or not JSON.
export async function readSmallPart(part: ExportPart): Promise<{ raw: Buffer; value: unknown }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.open()) {
    size += chunk.length;
    if (size > SMALL_PART_MAX_BYTES)
      throw new ImportError(`${part.label} is too large for a ${part.kind} file`);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  try {
    return { raw, value: JSON.parse(raw.toString("utf8")) };
  } catch (error) {
    throw new ImportError(`${part.label} is not valid JSON`, { cause: error });
  }
}
