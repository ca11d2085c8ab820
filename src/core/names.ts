// File and folder names of chats and organizations: `<name>-<uuid>`, as the original Python tool makes
// them (claude_backup `Nameable.slug()` with `FILENAME_XLAT`), so that its backups line up with ours.
// Beyond the original: names never escape their folder, never exceed 255 bytes, and are accepted by
// Windows and macOS. Pure: no disk access.

import { canonicalUuid, UUID_PATTERN } from "./uuid.ts";

// The longest file name (in UTF-8 bytes) that ext4, APFS, NTFS and most other file systems accept.
// Some accept less (eCryptfs: 143); callers pass the limit they measured (see name-limit.ts).
export const MAX_NAME_BYTES = 255;

// A chat file name is the slug plus this; folders (organizations) use the slug alone.
const JSON_SUFFIX = ".json";

// The uuid at the end of a chat file or organization folder name, after `-` or alone.
const UUID_AT_END = new RegExp(`(?:^|-)(${UUID_PATTERN})(?:\\.json)?$`, "i");

// Characters replaced by `_`: the original's `<>:"|?*/\` and whitespace (it maps space, tab, CR and LF;
// we map every Unicode White_Space character), plus control characters (Windows refuses U+0000–U+001F;
// \p{Cc} also covers DEL and the C1 controls, which no chat name needs).
const UNSAFE_CHARS = /[<>:"|?*/\\\p{White_Space}\p{Cc}]/gu;

// Windows device names. Windows looks at the text before the first dot, so "nul.txt-<uuid>.json" would
// open the NUL device; "CON-<uuid>.json" is harmless (the uuid is part of that text). COM0/LPT0 and the
// superscript digits are on Microsoft's current list too.
const WINDOWS_DEVICE = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;

// Splits text into user-perceived characters, so a cut never splits an emoji, a flag or an accent.
// (made on first use: most names need no cut, and every command loads this module)
let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return segmenter.segment(text);
}

// `<name>-<uuid>`, or `<uuid>` when the chat or organization has no name; short enough that the slug
// plus `.json` fits in `maxNameBytes` (chat files and organization folders share one rule).
export function chatSlug(
  name: string | null | undefined,
  uuid: string,
  maxNameBytes = MAX_NAME_BYTES,
): string {
  const id = canonicalUuid(uuid);
  const budget = maxNameBytes - JSON_SUFFIX.length - byteLength(`-${id}`);
  const part = name ? safeNamePart(name, budget) : "";
  return part ? flat(part, "-", id) : id;
}

// The file a chat is saved in: `<slug>.json`.
export function chatFileName(
  name: string | null | undefined,
  uuid: string,
  maxNameBytes = MAX_NAME_BYTES,
): string {
  // Appended, never swapped for an extension: that is how the original lost the uuid of "Setting up
  // Node.js" (it wrote `Setting_up_Node.json`).
  return flat(chatSlug(name, uuid, maxNameBytes), JSON_SUFFIX);
}

// One flat string of the parts. V8 keeps a template literal's result as a tree of its parts (a cons
// string, which keeps each part alive); a sync holds a file name and a link-folder name per chat for
// the whole run, and `join` makes each a single string, ~80 B smaller (heap snapshots of a
// 4,000-chat sync).
function flat(...parts: string[]): string {
  return parts.join("");
}

// The folder of an organization: the same rule as a chat's slug.
export function orgDirName(
  name: string | null | undefined,
  uuid: string,
  maxNameBytes = MAX_NAME_BYTES,
): string {
  return chatSlug(name, uuid, maxNameBytes);
}

// The uuid that ends a chat file or organization folder name; undefined for `Setting_up_Node.json`.
export function uuidFromFileName(fileName: string): string | undefined {
  return UUID_AT_END.exec(fileName)?.[1]?.toLowerCase();
}

// The name with unsafe characters mapped, a Windows device stem defused, and cut to `budget` bytes.
// Ordinary names come out exactly as the original tool makes them.
function safeNamePart(name: string, budget: number): string {
  let part = name.toWellFormed().normalize("NFC").replace(UNSAFE_CHARS, "_");
  const dot = part.indexOf(".");
  if (dot >= 0 && WINDOWS_DEVICE.test(part.slice(0, dot))) part = `${part.slice(0, dot)}_${part.slice(dot)}`;
  if (byteLength(part) <= budget) return part;
  // Cut at a grapheme boundary, then drop the dots a cut may leave at the end ("Node." from "Node.js").
  let cut = "";
  let used = 0;
  for (const { segment } of graphemes(part)) {
    const size = byteLength(segment);
    if (used + size > budget) break;
    cut += segment;
    used += size;
  }
  return cut.replace(/[. ]+$/u, "");
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
