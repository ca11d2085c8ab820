// Text from claude.ai is untrusted: a chat name could hold escape sequences or newlines. These helpers
// make it safe for a terminal and for line-oriented tools (grep, cut).

// Replaces control characters (C0, DEL, C1) with a space, so a name is one harmless line.
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

// Like printable, but keeps line breaks: for the CLI's closing error message, which may list several
// lines on purpose (what was tried when no key was found).
export function printableLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
}

// Made on first use: building a Segmenter costs ~10 ms, which every command would pay at start-up
// (main.ts loads this module) though most never cut a name.
let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return segmenter.segment(text);
}

// Cuts text to at most `width` columns (counting East Asian wide characters and emoji as two),
// ending with "…" when cut.
export function fitWidth(text: string, width: number): string {
  if (width <= 0) return "";
  let used = 0;
  let out = "";
  for (const { segment } of graphemes(text)) {
    const w = columns(segment);
    if (used + w > width - 1) {
      // Is the rest exactly fitting? Only then no ellipsis is needed.
      return columnsOf(text) <= width ? text : `${out}…`;
    }
    out += segment;
    used += w;
  }
  return out;
}

function columnsOf(text: string): number {
  let total = 0;
  for (const { segment } of graphemes(text)) total += columns(segment);
  return total;
}

function columns(grapheme: string): number {
  const code = grapheme.codePointAt(0) ?? 0;
  if (/\p{Extended_Pictographic}/u.test(grapheme)) return 2;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}
