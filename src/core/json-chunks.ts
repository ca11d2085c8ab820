// JSON text in pieces of about CHUNK_CHARS, for files too big to build as one string: the list of
// 10,000 chats is ~8 MB of JSON, and JSON.stringify of it plus the Buffer it is written from raised
// the sync's peak memory by ~25 MB at the end of a run (bench/RESULTS.md). Joined, the pieces are
// exactly JSON.stringify(value) for the plain data the backup keeps (no toJSON but Date's, no
// functions, no cycles), and a Map of string keys (not array indices) is written as an object.

// Pieces are gathered to about this many characters before one is handed out. Small enough that a
// piece is an ordinary young object even as a two-byte string (any emoji or CJK title makes one):
// 64 K characters made 128 K strings, which V8 puts in its large-object space, freed only by a full
// collection, so the pieces of a 10,000-chat list piled up at the end of a run.
const CHUNK_CHARS = 16 * 1024;

export function* jsonChunks(value: unknown): Generator<string> {
  yield* gathered(pieces(value));
}

// Small pieces of text joined into chunks of about CHUNK_CHARS (for a writer that makes them itself).
export function* gathered(small: Iterable<string>): Generator<string> {
  const chunk = new Chunk();
  for (const piece of small) if (chunk.add(piece)) yield chunk.take();
  if (!chunk.empty) yield chunk.take();
}

// The same for pieces that come in asynchronously (read from a file as they are written).
export async function* gatheredAsync(small: AsyncIterable<string>): AsyncGenerator<string> {
  const chunk = new Chunk();
  for await (const piece of small) if (chunk.add(piece)) yield chunk.take();
  if (!chunk.empty) yield chunk.take();
}

// The pieces gathered so far.
class Chunk {
  private parts: string[] = [];
  private size = 0;

  // Adds a piece; true when the chunk is big enough to hand out.
  add(piece: string): boolean {
    this.parts.push(piece);
    this.size += piece.length;
    return this.size >= CHUNK_CHARS;
  }

  take(): string {
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    return text;
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }
}

// Plain objects and arrays are opened up; an array's elements (a list row, a chat's record: small
// each) are one JSON.stringify call apiece, and so is every other value.
function* pieces(value: unknown): Generator<string> {
  if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ",";
      const item: unknown = value[i];
      // As JSON.stringify: an element that has no JSON form is written as null.
      yield JSON.stringify(item) ?? "null";
    }
    yield "]";
    return;
  }
  if (isPlainObject(value) || value instanceof Map) {
    yield "{";
    let first = true;
    // A Map of string keys is written as the object Object.fromEntries would make of it (keys that are
    // not array indices keep their order), without building that object and its entries first.
    const entries: Iterable<[string, unknown]> = value instanceof Map ? value : Object.entries(value);
    for (const [key, item] of entries) {
      // As JSON.stringify: a property that has no JSON form is left out.
      if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
      yield `${first ? "" : ","}${JSON.stringify(key)}:`;
      first = false;
      yield* pieces(item);
    }
    yield "}";
    return;
  }
  yield JSON.stringify(value) ?? "null";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
