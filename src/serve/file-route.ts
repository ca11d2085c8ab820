import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ManifestEntry, readManifest } from "../archive/file-manifest.ts";
import { blobPath } from "../core/layout.ts";
import { send, sendText } from "./respond.ts";
import type { RouteDeps } from "./routes.ts";

// A stored file (image, PDF, upload, sandbox output), found through the chat's manifest, so the
// viewer serves only what a chat of the backup refers to, under the type the manifest recorded.
// Pictures and PDFs are shown; anything else is a download, and nothing is ever run: the answer
// carries a sandbox CSP without scripts, so an SVG or HTML file opened on its own stays inert.

// Raster images and PDFs are shown in the page; SVG too, as the sandbox keeps its scripts off.
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml)|application\/pdf)$/;

// A sane MIME type, or octet-stream: the manifest's value came from a server's header.
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

// Serves the blob `sha256` of chat `chatUuid`, when its manifest names it.
export async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  deps: RouteDeps,
  chatUuid: string,
  sha256: string,
): Promise<void> {
  const meta = (await deps.index.current()).byUuid.get(chatUuid);
  const entry = meta
    ? (await readManifest(meta.org.dir, chatUuid)).find(
        (e: ManifestEntry) => e.status === "ok" && e.sha256 === sha256,
      )
    : undefined;
  const body = entry ? await readFile(blobPath(deps.root, sha256)).catch(() => undefined) : undefined;
  if (!entry || !body) return sendText(request, response, 404, "This file is not in the backup.");
  const type = (entry.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const contentType = MIME.test(type) ? type : "application/octet-stream";
  const inline = INLINE.test(contentType);
  send(
    request,
    response,
    200,
    {
      "content-type": contentType,
      "content-disposition": `${inline ? "inline" : "attachment"}; ${dispositionName(entry.fileName)}`,
      "content-security-policy":
        "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
      "cache-control": "private, max-age=31536000, immutable",
    },
    body,
  );
}

// `filename` (ASCII fallback) and `filename*` (RFC 5987, UTF-8) for a Content-Disposition header.
function dispositionName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_") || "file";
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
