// A person's search words, turned into an FTS5 MATCH expression that cannot be a syntax error or an
// injection: the query is parsed here (words, "quoted phrases", a trailing * for a prefix) and every
// token reaches FTS5 as a double-quoted string, so `OR`, `NEAR(`, `-`, `:` and `^` are plain words.

import { splitCjk } from "./cjk.ts";

// One thing that must match: a word, or a phrase of several words in order.
export interface QueryTerm {
  words: string[]; // as typed (case and accents are folded by the FTS5 tokenizer)
  prefix: boolean; // the last word may be the start of a longer one (`brûl*`)
}

// Characters that can be part of a word for FTS5's unicode61 tokenizer: letters, marks, digits. A
// token without any (`-`, `*`, `"`) would match nothing, so it is left out rather than sent.
const WORD = /[\p{L}\p{M}\p{N}\p{Co}]/u;

// Splits a query into terms; all of them must match. Unbalanced quotes close at the end of the query.
export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i] ?? "";
    if (/\s/u.test(char)) {
      i++;
      continue;
    }
    if (char === '"') {
      const end = query.indexOf('"', i + 1);
      const inner = end === -1 ? query.slice(i + 1) : query.slice(i + 1, end);
      i = end === -1 ? query.length : end + 1;
      const prefix = query[i] === "*";
      if (prefix) i++;
      addTerm(terms, inner.split(/\s+/u), prefix);
      continue;
    }
    let end = i;
    while (end < query.length && !/[\s"]/u.test(query[end] ?? "")) end++;
    const token = query.slice(i, end);
    i = end;
    const prefix = token.endsWith("*");
    addTerm(terms, [prefix ? token.replace(/\*+$/u, "") : token], prefix);
  }
  return terms;
}

function addTerm(terms: QueryTerm[], raw: string[], prefix: boolean): void {
  const words = raw.filter((word) => WORD.test(word));
  if (words.length > 0) terms.push({ words, prefix: prefix && WORD.test(raw.at(-1) ?? "") });
}

// The MATCH expression for the terms: each one a quoted FTS5 string (quotes doubled inside), joined by
// spaces, which FTS5 reads as AND. Punctuation inside a quoted token only separates words there.
// CJK characters are split as in the index (cjk.ts), so a CJK word is a phrase of its characters.
export function ftsMatch(terms: readonly QueryTerm[]): string {
  return terms.map((term) => `${quote(splitCjk(term.words.join(" ")))}${term.prefix ? "*" : ""}`).join(" ");
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
