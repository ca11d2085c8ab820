import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

// Who may read the backup through the viewer: whoever opened the URL it printed. Other local users,
// other processes and web pages on other sites can reach 127.0.0.1 too, so every request must carry
// the random token (in the URL once, then in a cookie), and name the host we printed (a page whose
// DNS name was rebound to 127.0.0.1 sends its own name in Host, and is refused).

// Bytes of randomness in the access token (256 bits, URL-safe base64).
const TOKEN_BYTES = 32;

// A fresh access token for one run of the viewer.
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export interface AccessRules {
  token: string;
  host: string; // `127.0.0.1:<port>`, exactly as printed
  cookieName: string;
}

// The rules for a viewer on `port`. The cookie is named after the port: cookies are shared by every
// port of a host, so two viewers side by side must not overwrite each other's.
export function accessRules(token: string, port: number): AccessRules {
  return { token, host: `127.0.0.1:${port}`, cookieName: `claude_backup_${port}` };
}

// What to do with a request: let it through, set the cookie and drop the token from the URL, or refuse.
export type AccessDecision =
  | { kind: "allow" }
  | { kind: "adopt"; location: string; setCookie: string }
  | { kind: "refuse"; reason: "host" | "token" };

// Decides on a request, from its Host header, its `token` query parameter and its cookie.
export function checkAccess(request: IncomingMessage, url: URL, rules: AccessRules): AccessDecision {
  if (request.headers.host !== rules.host) return { kind: "refuse", reason: "host" };
  const given = url.searchParams.get("token");
  if (given !== null) {
    if (!sameSecret(given, rules.token)) return { kind: "refuse", reason: "token" };
    const clean = new URL(url);
    clean.searchParams.delete("token");
    return {
      kind: "adopt",
      location: `${clean.pathname}${clean.search}${clean.hash}`,
      setCookie: `${rules.cookieName}=${rules.token}; Path=/; HttpOnly; SameSite=Strict`,
    };
  }
  const cookie = readCookie(request.headers.cookie, rules.cookieName);
  if (cookie !== undefined && sameSecret(cookie, rules.token)) return { kind: "allow" };
  return { kind: "refuse", reason: "token" };
}

// The value of one cookie in a Cookie header.
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// Constant-time comparison, so the token cannot be guessed a character at a time from timings.
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
