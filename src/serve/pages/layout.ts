import { type Html, html } from "../html.ts";

// The frame of every viewer page: one stylesheet and one script, both served by the viewer itself
// (the CSP allows nothing else), the search box, and the system's light or dark scheme.

export interface PageFrame {
  title: string;
  body: Html;
  query?: string; // what the search box holds
  bodyClass?: string;
}

// A whole HTML document.
export function layout(frame: PageFrame): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${frame.title} · claude-backup</title>
<link rel="stylesheet" href="/assets/viewer.css">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<script src="/assets/viewer.js" defer></script>
</head>
<body class="${frame.bodyClass ?? ""}">
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/">claude-backup</a>
  <nav class="top-nav"><a href="/">Chats</a><a href="/orgs">Projects</a></nav>
  <form class="search" action="/search" method="get" role="search">
    <input type="search" name="q" value="${frame.query ?? ""}" placeholder="Search messages" aria-label="Search messages" accesskey="s">
  </form>
</header>
<main id="main">
${frame.body}
</main>
</body>
</html>
`;
}

// A short date for lists ("2026-02-03"), from an ISO timestamp; the full one goes in a title.
export function shortDate(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : "";
}

// A date and time ("2026-02-03 18:40 UTC").
export function dateTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : "";
}
