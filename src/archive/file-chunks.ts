import { type FileHandle, open } from "node:fs/promises";
import { storeError } from "../core/store-error.ts";

// How much of a file is read at a time: the list file of 10,000 chats is ~5 MB, and reading it whole
// (then parsing it whole) was a peak of its own at the start of every run.
const CHUNK_BYTES = 64 * 1024;

// A file's bytes from `start` on, a chunk at a time; nothing when the file does not exist. Any other
// failure is a StoreError in words.
// Every chunk is the same buffer, read into again for the next one: a chunk is the caller's only until
// it asks for the next, so bytes kept longer are copied. A fresh buffer per chunk (a read stream's) was
// freed only by the next garbage collection, and the end of a first sync, which reads the journals of
// 10,000 chats (a few MB) in a fraction of a second, held most of them at once: 3–4 MB of resident
// memory at the run's peak (bench/RESULTS.md, issue 12).
export async function* fileChunks(path: string, start = 0): AsyncGenerator<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw storeError(error, `cannot read ${path}`);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = start; ; ) {
      let read: number;
      try {
        ({ bytesRead: read } = await handle.read(buffer, 0, CHUNK_BYTES, position));
      } catch (error) {
        throw storeError(error, `cannot read ${path}`);
      }
      if (read === 0) return;
      position += read;
      yield buffer.subarray(0, read);
    }
  } finally {
    await handle.close();
  }
}
