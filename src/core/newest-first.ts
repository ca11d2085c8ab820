// The order of chat_conversations.json and projects.json: newest-updated first (the fixed-width
// timestamps compare as strings), ties by uuid in code-point order. For lower-case uuids that is the
// order localeCompare gave, without loading ICU's collation data into a sync that needs nothing else
// of it (~1 MB of memory).
export function newestFirst<T extends { uuid: string }>(updated: (row: T) => string): (a: T, b: T) => number {
  return newestFirstBy(updated, (row) => row.uuid);
}

// The same order for things that carry their uuid elsewhere.
export function newestFirstBy<T>(
  updated: (row: T) => string,
  uuid: (row: T) => string,
): (a: T, b: T) => number {
  return (a, b) => {
    const [ua, ub] = [updated(a), updated(b)];
    if (ua !== ub) return ua < ub ? 1 : -1;
    const [ia, ib] = [uuid(a), uuid(b)];
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}
