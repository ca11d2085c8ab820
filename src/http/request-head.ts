// The part of every GET's request head after its request line, made once per origin:
// "\r\nhost: …\r\nname: value…\r\nconnection: keep-alive\r\n\r\n". Host first, as node:http sent it.
export function requestHead(origin: URL, headers: Readonly<Record<string, string>>): string {
  // URL.host is what a browser sends: the port only when it is not the scheme's default, an IPv6
  // address in brackets.
  let head = `\r\nhost: ${origin.host}`;
  for (const [name, value] of Object.entries(headers)) {
    // Checked once here rather than for every request: a line break in a value (a session key pasted
    // with its newline, say) would end the header and start another.
    if (!TOKEN.test(name)) throw new TypeError(`not a header name: ${JSON.stringify(name)}`);
    if (!VALUE.test(value)) throw new TypeError(`the ${name} header has a character no header may hold`);
    head += `\r\n${name}: ${value}`;
  }
  return `${head}\r\nconnection: keep-alive\r\n\r\n`;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII, spaces and tabs inside, and the bytes of Latin-1 (as node:http allowed).
const VALUE = /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$|^$/;
