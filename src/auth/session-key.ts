// A session key and where it came from: what every key source (file, standard input, the variable, a
// browser profile) hands back.
export interface SessionKey {
  key: string; // never printed, logged or put in an error message
  source: string; // "CLAUDE_SESSION_KEY", "Firefox profile default-release", "Chrome profile Profile 1"
  refreshHint: string; // one sentence: how to get a fresh key from that source
}

// True for a non-empty RFC 6265 cookie-value: visible ASCII except `"`, `,`, `;` and `\`. A key from any
// source must be one, or it could not be sent as a cookie.
export function isCookieValue(text: string): boolean {
  return /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/.test(text);
}
