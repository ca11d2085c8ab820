import { InterruptedError } from "../core/errors.ts";

// Runs `work` on every item with at most `limit` at a time: parsing 10,000 chats or hashing files one
// by one leaves the disk idle between reads, all at once opens too many files. Stops with
// InterruptedError once `signal` fires (Ctrl-C).
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (signal?.aborted) throw new InterruptedError();
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
