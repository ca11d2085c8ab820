import { chatSlug, MAX_NAME_BYTES } from "../core/names.ts";

// A stand-in uuid: chatSlug makes `<safe name>-<uuid>`, and only the safe name is wanted here.
const PLACEHOLDER = "00000000-0000-4000-8000-000000000000";
// Windows device names, matched on the text before the first dot (as Windows does); unlike chat
// files, a file's own name has no uuid after it to defuse "CON" or "nul.txt".
const WINDOWS_DEVICE = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;
const LONGEST_EXTENSION = 16;

// The name a file is linked under: claude.ai's file name made safe by the rules of chat names
// (core/names.ts: unsafe characters to `_`, cut at a character boundary within the folder's limit),
// keeping its extension when it has to be cut, never `.`, `..`, empty, a Windows device or one of
// our temp names.
export function safeFileName(name: string, maxBytes = MAX_NAME_BYTES): string {
  const whole = safePart(name, Number.MAX_SAFE_INTEGER);
  let safe = whole;
  if (bytes(whole) > maxBytes) {
    const dot = name.lastIndexOf(".");
    const ext =
      dot > 0 && name.length - dot <= LONGEST_EXTENSION
        ? safePart(name.slice(dot), LONGEST_EXTENSION * 4)
        : "";
    safe = safePart(dot > 0 && ext ? name.slice(0, dot) : name, maxBytes - bytes(ext)) + ext;
  }
  safe = safe.replace(/[. ]+$/u, ""); // Windows drops trailing dots and spaces
  if (safe === "" || /^\.+$/.test(safe)) return "file";
  const stem = safe.split(".")[0] ?? "";
  if (WINDOWS_DEVICE.test(stem) || safe.startsWith(".claude-backup")) safe = `_${safe}`;
  return bytes(safe) > maxBytes ? safe.slice(0, maxBytes) : safe;
}

// `name (2).ext`, `name (3).ext`…: the first of these not in `taken` (compared without case, as
// macOS and Windows do).
export function uniqueName(name: string, taken: ReadonlySet<string>, maxBytes = MAX_NAME_BYTES): string {
  if (!taken.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : "";
  for (let n = 2; ; n++) {
    const suffix = ` (${n})${ext}`;
    const candidate = `${safePart(stem, maxBytes - bytes(suffix)) || "file"}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function safePart(text: string, budget: number): string {
  // chatSlug gives its name part `maxNameBytes - 42` bytes (".json" and "-<uuid>").
  const slug = chatSlug(text, PLACEHOLDER, Math.min(budget, 1_000_000) + 42);
  return slug === PLACEHOLDER ? "" : slug.slice(0, -(PLACEHOLDER.length + 1));
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
