import { ImportError } from "../core/errors.ts";
import { JsonArrayError, jsonArrayElementsAt } from "../core/json-array.ts";

// The elements of an export's top-level JSON array, as their bytes (core/json-array.ts); a file that
// is not such an array is an ImportError, which names the file and stops the import.
export async function* jsonArrayElements(
  chunks: AsyncIterable<Buffer | string>,
  label: string,
): AsyncGenerator<Buffer> {
  try {
    for await (const element of jsonArrayElementsAt(chunks, label)) yield element.bytes;
  } catch (error) {
    if (error instanceof JsonArrayError) throw new ImportError(error.message);
    throw error;
  }
}
