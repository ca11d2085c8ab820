import type { ManifestEntry } from "../archive/file-manifest.ts";
import { type ArtifactFile, planArtifactFiles } from "./artifact-files.ts";
import { type BranchChoice, buildDocument, type ChatDocument, type View } from "./document.ts";
import { createFileLinker, encodeSegment } from "./file-links.ts";
import { renderChatHtmlPage } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import type { MarkdownToHtml } from "./markdown-html.ts";
import { NO_LINKS, type RenderLinks } from "./render-links.ts";

// One chat, rendered: the text of its page and the artifact files that go with it. Pure apart from
// what the caller read (chat JSON and manifest); writing is the caller's job.

export type Format = "md" | "html";

export interface RenderChatOptions {
  format: Format;
  view: View;
  branches: BranchChoice;
  organization?: string;
  markdown: MarkdownToHtml; // used for html
  // Where the chat's stored files are, to link them; absent when nothing can be linked.
  files?: {
    root: string;
    orgDir: string;
    chatSlug: string;
    manifest: readonly ManifestEntry[];
    fromDir: string;
  };
  // The artifact folder as a link relative to the rendering (`artifacts/<chat-slug>`, encoded);
  // absent: no artifact files.
  artifactsHref?: string;
  artifactVersions: boolean;
}

export interface RenderedChat {
  text: string;
  artifacts: ArtifactFile[];
  document: ChatDocument;
}

// Renders a chat JSON object.
export function renderChat(chat: Record<string, unknown>, options: RenderChatOptions): RenderedChat {
  const document = buildDocument(chat, {
    branches: options.branches,
    view: options.view,
    organization: options.organization,
  });
  const linker = options.files ? createFileLinker(options.files) : undefined;
  // A sandbox file the backup downloaded is linked as is, not rebuilt from the tool calls.
  const skip = new Set<string>();
  for (const replay of document.replays) {
    for (const state of replay.artifacts.values()) {
      if (state.path && linker?.sandbox(state.path)) skip.add(state.target);
    }
  }
  const folder = options.artifactsHref;
  const plan = folder
    ? planArtifactFiles(document.replays, { versions: options.artifactVersions, skip })
    : undefined;
  const links: RenderLinks = {
    file: linker ? (uuid, kind) => linker.file(uuid, kind) : NO_LINKS.file,
    sandbox: linker ? (path) => linker.sandbox(path) : NO_LINKS.sandbox,
    artifact(event, branch) {
      if (!plan || !folder) return undefined;
      let name: string | undefined;
      if (options.artifactVersions) {
        const replay = document.replays[document.eventBranch.get(event.key) ?? branch];
        const content = replay?.artifacts.get(event.target)?.versions[event.version - 1];
        if (content !== undefined) name = plan.versionName.get(`${event.target}\u0000${content}`);
      }
      name ??= plan.finalName.get(`${branch}\u0000${event.target}`);
      return name ? `${folder}/${encodeSegment(name)}` : undefined;
    },
  };
  const text =
    options.format === "md"
      ? renderMarkdown(document, links)
      : renderChatHtmlPage(document, { links, markdown: options.markdown });
  return { text, artifacts: plan?.files ?? [], document };
}
