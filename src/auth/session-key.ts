// A session key and where it came from: what every key source (file, standard input, the variable, a
// browser profile) hands back.
export interface SessionKey {
  key: string; // never printed, logged or put in an error message
  source: string; // "CLAUDE_SESSION_KEY", "Firefox profile default-release", "Chrome profile Profile 1"
  refreshHint: string; // one sentence: how to get a fresh key from that source
}
