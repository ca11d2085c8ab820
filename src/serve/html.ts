// HTML built from strings without a chance to forget an escape: `html` escapes every value it is
// given unless the value is already `Html` (made by `html` itself or by a trusted renderer). Chat
// text is hostile (it may hold `<script>`), so nothing reaches a page any other way.

// A piece of markup that is safe to insert as it is.
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

// Markup produced by code we trust (the renderer's fragments, our own templates): no escaping.
export function trusted(markup: string): Html {
  return new Html(markup);
}

// The text with the five characters that matter in HTML text and attribute values escaped.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// A value a template may hold: text (escaped), markup, nothing, or a list of these.
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

// Tagged template: `html\`<p>${name}</p>\`` escapes `name`; `false`, null and undefined print nothing.
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}
