import { join, relative, sep } from "node:path";
import type { ManifestEntry } from "../archive/file-manifest.ts";
import { blobPath, chatFilesDirOf } from "../core/layout.ts";

// Links from a rendering to the stored copies of a chat's files: the hard link under
// `<org>/chat_files/<chat-slug>/<link>` when the manifest names one, else the blob under
// `files/sha256/`. Relative to the folder the rendering is written in, so a rendered folder and
// its backup can move together. Pure (paths only).

// Finds the stored copy of an uploaded file or a sandbox file; undefined when nothing is stored.
export interface FileLinker {
  file(fileUuid: string | undefined, fileKind: string): string | undefined;
  sandbox(path: string): string | undefined;
}

export interface FileLinkerOptions {
  root: string; // the backup folder
  orgDir: string;
  chatSlug: string; // the chat file's name without `.json`
  manifest: readonly ManifestEntry[];
  fromDir: string; // the folder the rendering is in
}

// The variants to prefer per kind of file: the full picture before its thumbnail, the document itself.
const PREFERRED: Record<string, readonly string[]> = {
  image: ["original", "preview", "document", "thumbnail"],
  document: ["document", "original", "preview", "thumbnail"],
};
const DEFAULT_ORDER = ["original", "document", "preview", "thumbnail"];

export function createFileLinker(options: FileLinkerOptions): FileLinker {
  const stored = options.manifest.filter((e) => e.status === "ok" && (e.link || e.sha256));
  const href = (entry: ManifestEntry | undefined): string | undefined => {
    if (!entry) return undefined;
    const target = entry.link
      ? join(chatFilesDirOf(options.orgDir), options.chatSlug, entry.link)
      : join(blobPath(options.root, entry.sha256 ?? ""));
    return relativeHref(options.fromDir, target);
  };
  return {
    file(fileUuid, fileKind) {
      if (!fileUuid) return undefined;
      const id = fileUuid.toLowerCase();
      const entries = stored.filter((e) => e.fileUuid?.toLowerCase() === id);
      const order = PREFERRED[fileKind] ?? DEFAULT_ORDER;
      const rank = (e: ManifestEntry) => {
        const at = order.indexOf(e.variant);
        return at < 0 ? order.length : at;
      };
      return href(entries.sort((a, b) => rank(a) - rank(b))[0]);
    },
    sandbox(path) {
      return href(stored.find((e) => e.sandboxPath === path || e.key === `sandbox:${path}`));
    },
  };
}

// A relative URL from a folder to a file: forward slashes, each segment percent-encoded (spaces, `#`,
// `?` and parentheses would otherwise break Markdown and HTML links).
export function relativeHref(fromDir: string, target: string): string {
  return relative(fromDir, target).split(sep).map(encodeSegment).join("/");
}

// One path segment percent-encoded for a link, parentheses included (they end a Markdown link).
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
}
