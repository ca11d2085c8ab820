// A typical desktop browser User-Agent for the running system. claude.ai sits behind Cloudflare, which
// challenges clients that do not look like a browser (docs/claude-api.md §1, §8.2); the original tool does the same.
export function browserUserAgent(platform: NodeJS.Platform): string {
  const system =
    platform === "win32"
      ? "Windows NT 10.0; Win64; x64"
      : platform === "darwin"
        ? "Macintosh; Intel Mac OS X 10_15_7"
        : "X11; Linux x86_64";
  return `Mozilla/5.0 (${system}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36`;
}
