// Group commit: callers that each need "my change is on disk" share one flush. A call made while a
// flush of the same target is running waits for the next one, which starts when that one ends and
// serves everyone who came meanwhile, so no caller is answered by a flush that began before its own
// change. Keyed by path across the process: two writers of one file must share its queue.
export function groupCommit<T>(
  flush: (key: string, items: T[]) => Promise<void>,
): (key: string, item: T) => Promise<void> {
  const targets = new Map<string, Target<T>>();

  const start = (key: string, target: Target<T>) => {
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

  return (key, item) => {
    let target = targets.get(key);
    if (!target) {
      target = { running: false, waiting: undefined };
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
    if (!target.running) start(key, target);
    return batch.done;
  };
}

interface Target<T> {
  running: boolean;
  waiting:
    | { items: T[]; done: Promise<void>; resolve: () => void; reject: (error: unknown) => void }
    | undefined;
}
