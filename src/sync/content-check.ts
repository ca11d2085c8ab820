import type { Expect } from "./file-refs.ts";

// A download that answered something other than the file: an HTML page where an image or a PDF was
// asked for (`/preview` can answer claude.ai's HTML viewer, docs/claude-api.md §6). Not retried; the
// next URL of the file is tried instead, and it is never saved as the file.
export class UnwantedContent extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnwantedContent";
  }
}

// The starts of an HTML page (after a BOM and white space), in lower case.
const HTML_STARTS = ["<!doctype html", "<html", "<head", "<body", "<!--"];

// A check for the blob sink: by the Content-Type header, and by the first bytes (a page served as
// application/octet-stream is still a page). Sandbox files may be anything, HTML pages included.
export function contentCheck(
  expect: Expect,
  what: string,
): ((type: string | undefined, first: Buffer) => void) | undefined {
  if (expect === "any") return undefined;
  return (type, first) => {
    const start = first
      .toString("latin1")
      .replace(/^\xef\xbb\xbf/, "")
      .trimStart()
      .slice(0, 20)
      .toLowerCase();
    if (
      /\btext\/html\b|application\/xhtml/i.test(type ?? "") ||
      HTML_STARTS.some((s) => start.startsWith(s))
    ) {
      throw new UnwantedContent(
        `${what}: claude.ai answered an HTML page (${type ?? "no content type"}) instead of the ${expect}`,
      );
    }
  };
}
