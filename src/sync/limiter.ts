// At most `limit` calls at once; the others wait their turn in order. What the sync needs of a queue
// and nothing more: p-queue, used before, sends events (CustomEvent), and each `onSizeLessThan` made
// an AbortController and aborted it (a DOMException with its stack) for every chat: ~10 % of the
// sync's CPU and of its garbage (bench/RESULTS.md).
export interface Limiter {
  // Runs `call` when a slot is free; settles as it does.
  run<T>(call: () => Promise<T>): Promise<T>;
  // Resolves once a slot is free (at once if one is).
  free(): Promise<void>;
  // Resolves once nothing runs and nothing waits.
  idle(): Promise<void>;
  // Drops the calls still waiting: their promises reject with an AbortError.
  clear(): void;
  readonly active: number;
}

export function createLimiter(limit: number): Limiter {
  let active = 0;
  // Waiting calls, oldest first; `head` is the next to go (a shift() per call would be O(n)).
  let waiting: { start: () => void; drop: (error: Error) => void }[] = [];
  let head = 0;
  let freeWaiters: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];

  const wake = (list: (() => void)[]) => {
    for (const resolve of list) resolve();
  };
  const release = () => {
    const next = waiting[head];
    if (next) {
      // The slot passes straight on.
      waiting[head++] = undefined as never;
      if (head > 1024 && head * 2 > waiting.length) {
        waiting = waiting.slice(head);
        head = 0;
      }
      next.start();
      return;
    }
    active--;
    if (freeWaiters.length > 0) {
      const list = freeWaiters;
      freeWaiters = [];
      wake(list);
    }
    if (active === 0 && idleWaiters.length > 0) {
      const list = idleWaiters;
      idleWaiters = [];
      wake(list);
    }
  };

  return {
    run<T>(call: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          let settling: Promise<T>;
          try {
            settling = call();
          } catch (error) {
            settling = Promise.reject(error);
          }
          settling.then(
            (value) => {
              release();
              resolve(value);
            },
            (error: unknown) => {
              release();
              reject(error);
            },
          );
        };
        if (active < limit) {
          active++;
          start();
        } else waiting.push({ start, drop: reject });
      });
    },
    free() {
      if (active < limit && head === waiting.length) return Promise.resolve();
      return new Promise((resolve) => freeWaiters.push(resolve));
    },
    idle() {
      if (active === 0 && head === waiting.length) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    clear() {
      const dropped = waiting.slice(head);
      waiting = [];
      head = 0;
      const error = new Error("the queue was cleared");
      error.name = "AbortError";
      for (const call of dropped) call.drop(error);
    },
    get active() {
      return active;
    },
  };
}
