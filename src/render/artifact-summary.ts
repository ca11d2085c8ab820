import type { Part } from "./blocks.ts";
import type { ChatDocument } from "./document.ts";
import type { RenderLinks } from "./render-links.ts";
import { artifactLanguage, decodeName } from "./text.ts";

// What a rendering says of one artifact or file-tool call, the same for Markdown and HTML: its title,
// the command and version, where the rebuilt file (or the downloaded sandbox copy) is, whether the
// edit applied, and the code it carries. The writers only format it. Pure.
export interface ArtifactSummary {
  label: "Artifact" | "File";
  title: string;
  command: string;
  version: number | undefined; // when the replay gave this call a version
  href: string | undefined; // the rebuilt artifact file, or the sandbox copy
  shown: string; // the link's text
  failure: string | undefined; // why the edit did not apply
  language: string;
  bodies: { heading?: "Replace" | "With"; text: string }[];
}

// The summary of an artifact part on branch `branch` of the document.
export function summarizeArtifact(
  part: Extract<Part, { kind: "artifact" }>,
  doc: ChatDocument,
  links: RenderLinks,
  branch: number,
): ArtifactSummary {
  const event = doc.events.get(part.key);
  const input = part.input;
  const path = typeof input.path === "string" ? input.path : "";
  const href = (path && links.sandbox(path)) || (event?.ok ? links.artifact(event, branch) : undefined);
  const bodies: ArtifactSummary["bodies"] = [];
  for (const field of ["content", "file_text"]) {
    const value = input[field];
    if (typeof value === "string") bodies.push({ text: value });
  }
  if (typeof input.old_str === "string") bodies.push({ heading: "Replace", text: input.old_str });
  if (typeof input.new_str === "string") bodies.push({ heading: "With", text: input.new_str });
  return {
    label: part.name === "artifacts" ? "Artifact" : "File",
    title: event?.title || path || String(input.title ?? input.id ?? "artifact"),
    command: event?.command ?? String(input.command ?? part.name),
    version: event?.ok && event.version ? event.version : undefined,
    href,
    shown: path ? (path.split("/").pop() ?? path) : decodeName(href ?? ""),
    failure: event && !event.ok ? (event.error ?? "") : undefined,
    language: artifactLanguage(doc, part.key, input),
    bodies,
  };
}
