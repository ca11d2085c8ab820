// The viewer's one script (served as /assets/viewer.js; the CSP allows no inline script). Everything
// works without it; it adds: the next page of the chat list as the reader scrolls, filters that apply
// when changed, and "/" to jump to the search box. It only reads the viewer's own pages.
export const VIEWER_JS = `"use strict";
(() => {
  const list = document.getElementById("chat-list");
  const loadMore = async (link) => {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const row of page.querySelectorAll("#chat-list > li")) list.append(document.adoptNode(row));
    const next = page.getElementById("next-page");
    if (next) link.href = next.href;
    else link.remove();
    const count = page.getElementById("count");
    if (count) document.getElementById("count").textContent = count.textContent;
  };
  const next = document.getElementById("next-page");
  if (list && next && "IntersectionObserver" in window) {
    let busy = false;
    const observer = new IntersectionObserver(async (entries) => {
      if (busy || !entries.some((e) => e.isIntersecting) || !next.isConnected) return;
      busy = true;
      try { await loadMore(next); } finally { busy = false; }
      if (!next.isConnected) observer.disconnect();
    }, { rootMargin: "600px" });
    observer.observe(next);
  }
  for (const form of document.querySelectorAll("form.filters")) {
    for (const field of form.querySelectorAll("select, input[type=checkbox]")) {
      field.addEventListener("change", () => form.requestSubmit());
    }
  }
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.metaKey && !event.ctrlKey) {
      const box = document.querySelector(".search input");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });
})();
`;
