// The response headers every answer of the viewer carries, and the stricter ones of artifact frames.

// Pages: only our own scripts, styles, images and fonts; no plugins, no framing, no form posts
// elsewhere. Chat images come from our own /file/ path, and `data:` is for inline SVG icons only.
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// Artifacts (HTML, SVG written by the model, or by whoever wrote the chat): they may run their own
// inline scripts, but in a sandbox with an opaque origin (no cookies, no access to the viewer's
// pages or API), with no network at all, and only inside a viewer page.
export const ARTIFACT_CSP = [
  "sandbox allow-scripts",
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "img-src data: blob:",
  "font-src data:",
  "media-src data: blob:",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

// Headers for every response: no sniffing, no referrer (the first URL holds the token), no caching
// of private pages by anything but this browser, no cross-origin reads.
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "private, no-cache",
  "cross-origin-resource-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
};

// Headers of a viewer page (HTML), on top of the common ones.
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": PAGE_CSP,
  "x-frame-options": "DENY",
};
