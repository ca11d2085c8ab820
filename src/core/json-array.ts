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

type Phase = "start" | "beforeElement" | "inElement" | "afterElement" | "done";

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
  let phase: Phase = "start";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = []; // the current element's bytes so far
  let offset = 0; // bytes consumed before this chunk
  let at = 0; // where the current element starts in the whole input
  for await (const raw of chunks) {
    const chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
    let start = -1; // where the current element starts in this chunk
    if (phase === "inElement") start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (phase === "inElement") {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_CURLY || byte === OPEN_SQUARE) depth++;
        else if (byte === CLOSE_CURLY || byte === CLOSE_SQUARE) {
          if (depth === 0) {
            // A scalar element ends at the array's `]`.
            if (byte === CLOSE_CURLY) throw notJson(label, offset + i);
            parts.push(chunk.subarray(start, i));
            yield { bytes: trimmed(parts), at };
            parts = [];
            phase = "done";
            continue;
          }
          depth--;
          if (depth === 0) {
            parts.push(chunk.subarray(start, i + 1));
            // Within one chunk: a view of it, not a copy (a row of the list file mostly is).
            yield { bytes: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), at };
            parts = [];
            phase = "afterElement";
          }
        } else if (byte === COMMA && depth === 0) {
          parts.push(chunk.subarray(start, i));
          yield { bytes: trimmed(parts), at };
          parts = [];
          phase = "beforeElement";
        }
        continue;
      }
      if (isSpace(byte)) continue;
      if (phase === "start") {
        if (byte !== OPEN_SQUARE) throw notAnArray(label);
        phase = "beforeElement";
        continue;
      }
      if (phase === "afterElement") {
        if (byte === COMMA) phase = "beforeElement";
        else if (byte === CLOSE_SQUARE) phase = "done";
        else throw notJson(label, offset + i);
        continue;
      }
      if (phase === "done") throw notJson(label, offset + i);
      // beforeElement: an element starts here (or the array ends: `[]`, or a trailing comma).
      if (byte === CLOSE_SQUARE) {
        phase = "done";
        continue;
      }
      phase = "inElement";
      start = i;
      at = offset + i;
      depth = 0;
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_CURLY || byte === OPEN_SQUARE) depth = 1;
    }
    if (phase === "inElement" && start >= 0) parts.push(Buffer.from(chunk.subarray(start)));
    offset += chunk.length;
  }
  if (phase === "start") throw notAnArray(label);
  if ((phase as Phase) !== "done") {
    throw new JsonArrayError(`${label} ends in the middle (after ${offset} bytes): the file is cut short`);
  }
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
