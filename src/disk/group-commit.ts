// Group commit: callers that each need "my change is on disk" share one flush. A call made while a
// flush of the same target is running waits for the next one, which starts when that one ends and
// serves everyone who came meanwhile, so no caller is answered by a flush that began before its own
// change. Keyed by path across the process: two writers of one file must share its queue.
//
// With `gather`, a batch that finds no flush running waits up to `ms` for company before its flush
// starts, unless it has `items` callers by then or one of them is `urgent`. Without it, callers that
// come one at a time (a sync saving one chat every 8 ms, each flush done in 1 ms) share nothing: each
// pays a flush of its own.
export function groupCommit<T>(
  flush: (key: string, items: T[]) => Promise<void>,
  gather?: { ms: number; items: number },
): (key: string, item: T, urgent?: boolean) => Promise<void> {
  const targets = new Map<string, Target<T>>();

  const start = (key: string, target: Target<T>) => {
    clearTimeout(target.timer);
    target.timer = undefined;
    const batch = target.waiting;
    target.waiting = undefined;
    if (!batch) {
      targets.delete(key);
      return;
    }
    target.running = true;
    flush(key, batch.items)
      .then(batch.resolve, batch.reject)
      .finally(() => {
        target.running = false;
        start(key, target);
      });
  };

  return (key, item, urgent = false) => {
    let target = targets.get(key);
    if (!target) {
      target = { running: false, waiting: undefined, timer: undefined };
      targets.set(key, target);
    }
    let batch = target.waiting;
    if (!batch) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      batch = { items: [], done, resolve, reject };
      target.waiting = batch;
    }
    batch.items.push(item);
    if (target.running) return batch.done;
    if (!gather || urgent || batch.items.length >= gather.items) start(key, target);
    else if (!target.timer) {
      const waiting = target;
      waiting.timer = setTimeout(() => start(key, waiting), gather.ms);
    }
    return batch.done;
  };
}

interface Target<T> {
  running: boolean;
  waiting:
    | { items: T[]; done: Promise<void>; resolve: () => void; reject: (error: unknown) => void }
    | undefined;
  timer: NodeJS.Timeout | undefined; // a gathering batch's wait
}
