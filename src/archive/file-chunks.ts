import { createReadStream } from "node:fs";
import { storeError } from "../core/store-error.ts";

// How much of a file is read at a time: the list file of 10,000 chats is ~5 MB, and reading it whole
// (then parsing it whole) was a peak of its own at the start of every run.
const CHUNK_BYTES = 64 * 1024;

// A file's bytes from `start` on, a chunk at a time; nothing when the file does not exist. Any other
// failure is a StoreError in words.
export async function* fileChunks(path: string, start = 0): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES, start });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw storeError(error, `cannot read ${path}`);
  } finally {
    stream.destroy();
  }
}
