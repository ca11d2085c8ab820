import type { IncomingMessage, ServerResponse } from "node:http";
import { send, sendText } from "../respond.ts";
import { VIEWER_JS } from "./script.ts";
import { STYLE_CSS } from "./style.ts";

// The viewer's static files. They live in the code (not in files beside it) so the published
// package, built by tsc alone, carries them, and every request is answered from memory.

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#c96442"/><path d="M9 22V10h5a4 4 0 0 1 0 8h-5m7 0 5 4" stroke="#fff" stroke-width="2.5" fill="none" stroke-linecap="round"/></svg>`;

const ASSETS: Readonly<Record<string, { type: string; body: string }>> = {
  "viewer.css": { type: "text/css; charset=utf-8", body: STYLE_CSS },
  "viewer.js": { type: "text/javascript; charset=utf-8", body: VIEWER_JS },
  "icon.svg": { type: "image/svg+xml", body: ICON_SVG },
};

// Serves /assets/<name>.
export function sendAsset(request: IncomingMessage, response: ServerResponse, name: string): void {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) {
    sendText(request, response, 404, "No such file.");
    return;
  }
  send(
    request,
    response,
    200,
    { "content-type": asset.type, "cache-control": "private, max-age=3600" },
    asset.body,
  );
}
