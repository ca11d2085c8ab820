import { BlockList, isIP } from "node:net";
import { UsageError } from "../core/errors.ts";

// The proxy variables as npm, curl and git read them. Empty strings mean "none".
export interface ProxySettings {
  httpProxy: string; // for http:// origins
  httpsProxy: string; // for https:// origins (claude.ai); falls back to httpProxy, as npm and undici do
  noProxy: string; // hosts that are reached directly
}

// Reads the proxy settings from an environment (the command's io.env; this layer never reads
// process.env). The lower-case form wins over the upper-case one, as in curl and undici. A value without
// a scheme ("proxy.corp:3128") means http://, as in curl.
export function proxySettingsFrom(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const read = (name: string) => (env[name.toLowerCase()] || env[name] || "").trim();
  return {
    httpProxy: checkedProxyUrl("HTTP_PROXY", read("HTTP_PROXY")),
    httpsProxy: checkedProxyUrl("HTTPS_PROXY", read("HTTPS_PROXY")),
    noProxy: read("NO_PROXY"),
  };
}

function checkedProxyUrl(name: string, value: string): string {
  if (value === "") return "";
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "") return url.href;
  } catch {
    // fall through
  }
  throw new UsageError(
    `${name} must be a proxy URL like http://proxy.example:3128 (http or https), got "${redactProxyCredentials(value)}"`,
  );
}

// A proxy to go through, and the variable that named it (for messages).
export interface ProxyChoice {
  url: string;
  variable: "HTTPS_PROXY" | "HTTP_PROXY";
}

// The proxy that requests to `origin` go through, or undefined when they go directly.
export function proxyFor(origin: URL, settings: ProxySettings): ProxyChoice | undefined {
  if (bypassesProxy(origin, settings.noProxy)) return undefined;
  if (origin.protocol === "https:" && settings.httpsProxy) {
    return { url: settings.httpsProxy, variable: "HTTPS_PROXY" };
  }
  return settings.httpProxy ? { url: settings.httpProxy, variable: "HTTP_PROXY" } : undefined;
}

// Whether NO_PROXY sends `url` directly: `*`; a host name, which also covers its subdomains (a leading
// `.` or `*.` is the same); an IP address; a CIDR range (10.0.0.0/8); each optionally with `:port`.
// Entries are separated by commas or spaces.
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = parseEntry(raw.toLowerCase());
    if (!entry || (entry.port !== undefined && entry.port !== port)) continue;
    if (entry.host === "*" || host === entry.host || host.endsWith(`.${entry.host}`)) return true;
    if (entry.host.includes("/") && inRange(host, entry.host)) return true;
  }
  return false;
}

function parseEntry(raw: string): { host: string; port: number | undefined } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
  const plain = bracketed ? undefined : /^([^:]+):(\d+)$/.exec(raw); // one colon: host:port, not IPv6
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : plain ? [plain[1], plain[2]] : [raw];
  const name = (host ?? "").replace(/^\*?\./, "").replace(/\.$/, "");
  return name === "" ? undefined : { host: name, port: port === undefined ? undefined : Number(port) };
}

function inRange(host: string, cidr: string): boolean {
  const [network = "", bits = ""] = cidr.split("/");
  const family = isIP(network);
  if (family === 0 || isIP(host) !== family || !/^\d+$/.test(bits)) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const list = new BlockList();
  try {
    list.addSubnet(network, Number(bits), type);
  } catch {
    return false; // a prefix length out of range: the entry matches nothing
  }
  return list.check(host, type);
}

// Hides the `user:password@` part of every URL in `text` (messages, --verbose lines, errors).
export function redactProxyCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, "$1***@")
    .replace(/^[^\s/?#@:]+:[^\s/?#]*@/, "***@");
}

// The proxy credentials in every form a message could carry them, for the CLI's list of secrets.
export function proxySecrets(settings: ProxySettings): string[] {
  const secrets: string[] = [];
  for (const uri of [settings.httpProxy, settings.httpsProxy]) {
    if (!uri) continue;
    const { username, password } = new URL(uri);
    if (!username && !password) continue;
    const plain = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
    secrets.push(`${username}:${password}`, plain, Buffer.from(plain).toString("base64"));
    if (password) secrets.push(password, decodeURIComponent(password));
  }
  return secrets;
}
