// Reads one cookie out of a Cookie header, as a browser-facing server does (RFC 6265 §4.2).

// The first value of cookie `name` in `header`, or undefined; other cookies may surround it.
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    // A cookie value may be wrapped in double quotes, which are not part of it.
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}
