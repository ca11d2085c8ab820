// YAML front matter written by hand: every string is a double-quoted scalar, so chat names holding
// quotes, colons, `#`, leading dashes, newlines or control characters can never change the structure.
// The escapes used (\" \\ \n \t \uXXXX) mean the same in YAML and JSON. Pure.

// One `key: value` per field; undefined values are left out, booleans and numbers stay bare.
export function frontMatter(fields: readonly [string, string | boolean | number | undefined][]): string {
  const lines = ["---"];
  for (const [key, value] of fields) {
    if (value === undefined) continue;
    lines.push(`${key}: ${typeof value === "string" ? yamlString(value) : String(value)}`);
  }
  lines.push("---");
  return `${lines.join("\n")}\n`;
}

// A YAML double-quoted scalar for any string (lone surrogates replaced, as YAML needs valid Unicode).
export function yamlString(text: string): string {
  let out = '"';
  for (const char of text.toWellFormed()) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff
    ) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += char;
  }
  return `${out}"`;
}
