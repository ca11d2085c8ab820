// Streams the elements of a top-level JSON array (an export's conversations.json: up to several GB; the
// backup's own chat_conversations.json) as the exact bytes each element has in the file, one at a time,
// with where in the file they start (so that a reader can come back for one element later). Only element boundaries are found
// here, by tracking strings and nesting depth; each element is then parsed by the built-in JSON.parse,
// which also validates it. A streaming parser library (stream-json, @streamparser/json) would rebuild
// every value in JavaScript, about ten times slower, and lose what the file's own bytes keep: key
// order and numbers too large for a double. Every byte that matters here (`"` `\` `[` `]` `{` `}` `,`)
// is ASCII, and ASCII bytes never occur inside a multi-byte UTF-8 character, so chunks can be cut anywhere.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const COMMA = 0x2c;

// JSON's whitespace, plus the UTF-8 byte order mark some tools put in front of a file.
const isSpace = (byte: number): boolean =>
  byte === 0x20 ||
  byte === 0x0a ||
  byte === 0x0d ||
  byte === 0x09 ||
  byte === 0xef ||
  byte === 0xbb ||
  byte === 0xbf;

// Where the scan is: before the `[`, between elements, inside one, after one, past the `]`.
const START = 0;
const BEFORE_ELEMENT = 1;
const IN_ELEMENT = 2;
const AFTER_ELEMENT = 3;
const DONE = 4;

// One element: its bytes and the offset of its first byte. For an object or an array the bytes are
// exactly the file's bytes[at, at + bytes.length); a scalar element comes trimmed of the spaces
// around it.
export interface ArrayElement {
  bytes: Buffer;
  at: number;
}

// Not a JSON array, or one cut short: the message names the source and says which.
export class JsonArrayError extends Error {}

// Yields each element. `label` names the source in errors ("conversations.json in x.zip").
export async function* jsonArrayElementsAt(
  chunks: AsyncIterable<Buffer | string>,
  label: string,
): AsyncGenerator<ArrayElement> {
  const scanner = new ArrayScanner(label);
  for await (const raw of chunks) {
    const elements = scanner.feed(typeof raw === "string" ? Buffer.from(raw) : raw);
    for (const element of elements) yield element;
  }
  scanner.end();
}

// The scan, a chunk at a time. Its state lives in fields between chunks and in locals within one: the
// loop runs with TurboFan off in a sync (core/turbofan.ts), where a generator's variables cost it
// twice as much. Inside strings, which are most of a list row's bytes, the next quote and backslash
// are found by the native indexOf rather than byte by byte.
class ArrayScanner {
  private phase = START;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: Buffer[] = []; // the current element's bytes from earlier chunks
  private offset = 0; // bytes before this chunk
  private at = 0; // where the current element starts in the whole input

  private readonly label: string;

  constructor(label: string) {
    this.label = label;
  }

  feed(chunk: Buffer): ArrayElement[] {
    const out: ArrayElement[] = [];
    const length = chunk.length;
    let { phase, depth, inString, escaped, at } = this;
    let start = phase === IN_ELEMENT ? 0 : -1; // where the current element starts in this chunk
    let quoteAt = -1; // the next quote at or after i (cached: each search runs only to the next one)
    let backslashAt = -1; // likewise the next backslash (or `length` when there is none)
    let i = 0;
    while (i < length) {
      if (phase === IN_ELEMENT && inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        if (quoteAt < i) quoteAt = indexOrEnd(chunk, QUOTE, i);
        if (backslashAt < i) backslashAt = indexOrEnd(chunk, BACKSLASH, i);
        if (backslashAt < quoteAt) {
          escaped = true;
          i = backslashAt + 1;
        } else {
          if (quoteAt < length) inString = false;
          i = quoteAt + 1;
        }
        continue;
      }
      const byte = chunk[i] as number;
      if (phase === IN_ELEMENT) {
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_CURLY || byte === OPEN_SQUARE) depth++;
        else if (byte === CLOSE_CURLY || byte === CLOSE_SQUARE) {
          if (depth === 0) {
            // A scalar element ends at the array's `]`.
            if (byte === CLOSE_CURLY) throw notJson(this.label, this.offset + i);
            out.push({ bytes: this.take(chunk.subarray(start, i), true), at });
            phase = DONE;
          } else if (--depth === 0) {
            out.push({ bytes: this.take(chunk.subarray(start, i + 1), false), at });
            phase = AFTER_ELEMENT;
          }
        } else if (byte === COMMA && depth === 0) {
          out.push({ bytes: this.take(chunk.subarray(start, i), true), at });
          phase = BEFORE_ELEMENT;
        }
        i++;
        continue;
      }
      i++;
      if (isSpace(byte)) continue;
      if (phase === START) {
        if (byte !== OPEN_SQUARE) throw notAnArray(this.label);
        phase = BEFORE_ELEMENT;
      } else if (phase === AFTER_ELEMENT) {
        if (byte === COMMA) phase = BEFORE_ELEMENT;
        else if (byte === CLOSE_SQUARE) phase = DONE;
        else throw notJson(this.label, this.offset + i - 1);
      } else if (phase === DONE) {
        throw notJson(this.label, this.offset + i - 1);
      } else if (byte === CLOSE_SQUARE) {
        phase = DONE; // before an element: the array ends (`[]`, or a trailing comma)
      } else {
        // An element starts here.
        phase = IN_ELEMENT;
        start = i - 1;
        at = this.offset + start;
        depth = 0;
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_CURLY || byte === OPEN_SQUARE) depth = 1;
      }
    }
    if (phase === IN_ELEMENT && start >= 0) this.parts.push(Buffer.from(chunk.subarray(start)));
    this.offset += length;
    Object.assign(this, { phase, depth, inString, escaped, at });
    return out;
  }

  end(): void {
    if (this.phase === START) throw notAnArray(this.label);
    if (this.phase !== DONE) {
      throw new JsonArrayError(
        `${this.label} ends in the middle (after ${this.offset} bytes): the file is cut short`,
      );
    }
  }

  // The element's bytes: those of earlier chunks, then `last`. Within one chunk, an object or array is
  // a view of it, not a copy (a row of the list file mostly is).
  private take(last: Buffer, scalar: boolean): Buffer {
    const parts = this.parts;
    this.parts = [];
    if (scalar) return trimmed([...parts, last]);
    return parts.length === 0 ? last : Buffer.concat([...parts, last]);
  }
}

function indexOrEnd(chunk: Buffer, byte: number, from: number): number {
  const found = chunk.indexOf(byte, from);
  return found === -1 ? chunk.length : found;
}

function trimmed(parts: Buffer[]): Buffer {
  return Buffer.from(Buffer.concat(parts).toString("utf8").trim());
}

function notAnArray(label: string): JsonArrayError {
  return new JsonArrayError(`${label} is not a JSON list (it should start with "[")`);
}

function notJson(label: string, at: number): JsonArrayError {
  return new JsonArrayError(`${label} is not valid JSON (near byte ${at})`);
}
