// Uuids as claude.ai sends them, and the one form this tool compares and writes them in.

// The hex groups of a canonical UUID, without anchors, so other patterns (a uuid at the end of a file
// name) are built from the same text.
export const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const UUID = new RegExp(`^${UUID_PATTERN}$`, "i");

// True for a canonical UUID in any case. Ids from the network go into URLs and file names, so they are
// checked before use.
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

// The uuid in lower case, the form file names carry (as Python's str(UUID()) writes it) and the only
// form used as a key: claude.ai's answers and our file names are compared through it. Anything that is
// not a uuid is a caller's bug; refusing it keeps "../x" and friends out of paths.
export function canonicalUuid(uuid: string): string {
  if (!UUID.test(uuid)) throw new TypeError(`not a UUID: ${JSON.stringify(uuid)}`);
  return lowerCase(uuid);
}

// `text` in lower case, the very string when it is already: toLowerCase always makes a copy, and a
// sync keys several maps by each chat's uuid, so 10,000 chats held 40,000 copies of theirs (2 MB).
export function lowerCase(text: string): string {
  const lower = text.toLowerCase();
  return lower === text ? text : lower;
}
