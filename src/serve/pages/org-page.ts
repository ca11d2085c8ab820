import type { MarkdownToHtml } from "../../render/markdown-html.ts";
import { type ArchiveIndex, orgLabel } from "../chat-index.ts";
import { highlightBlocks } from "../highlight.ts";
import { type Html, html, trusted } from "../html.ts";
import { listSearch, parseListQuery } from "../list-query.ts";
import { type ProjectMeta, readMemory, readProjectDocs } from "../projects.ts";
import { layout, shortDate } from "./layout.ts";

// Organizations with their projects and memory, and one project's instructions and knowledge docs.
// Both exist only where the sync saved them; a folder without them says so.

// Every organization: its chats, its memory, its projects.
export async function orgsPage(
  index: ArchiveIndex,
  projects: Map<string, ProjectMeta>,
  markdown: MarkdownToHtml,
): Promise<Html> {
  const sections = await Promise.all(
    index.orgs.map(async (org) => {
      const name = orgLabel(index, org);
      const count = index.chats.filter((c) => c.org.uuid === org.uuid).length;
      const memory = await readMemory(org);
      const own = [...projects.values()].filter((p) => p.org.uuid === org.uuid);
      const chatsLink = `/${listSearch(parseListQuery(new URLSearchParams()), { org: org.uuid })}`;
      return html`<section class="org">
<h2>${name}</h2>
<p><a href="${chatsLink}">${count.toLocaleString("en-US")} chat${count === 1 ? "" : "s"}</a></p>
${memory ? html`<details class="fold memory"><summary>Memory</summary><div class="text">${md(memory, markdown)}</div></details>` : ""}
${
  own.length
    ? html`<h3>Projects</h3><ul class="projects">${own.map(
        (p) =>
          html`<li><a href="/project/${p.uuid}">${p.name || "Untitled project"}</a>${
            typeof p.raw.description === "string" && p.raw.description
              ? html` <span class="muted">${p.raw.description}</span>`
              : ""
          }${typeof p.raw.archived_at === "string" && p.raw.archived_at ? html` <span class="badge">archived</span>` : ""}</li>`,
      )}</ul>`
    : html`<p class="muted">No projects saved.</p>`
}
</section>`;
    }),
  );
  const body = html`<h1>Organizations and projects</h1>${sections.length ? sections : html`<p>The backup holds no organization yet.</p>`}`;
  return layout({ title: "Projects", body });
}

// One project: its description, instructions, knowledge docs, and a link to its chats.
export async function projectPage(
  project: ProjectMeta,
  index: ArchiveIndex,
  markdown: MarkdownToHtml,
): Promise<Html> {
  const docs = await readProjectDocs(project);
  const chats = index.chats.filter((c) => c.projectUuid === project.uuid).length;
  const instructions = typeof project.raw.prompt_template === "string" ? project.raw.prompt_template : "";
  const description = typeof project.raw.description === "string" ? project.raw.description : "";
  const chatsLink = `/${listSearch(parseListQuery(new URLSearchParams()), { project: project.uuid })}`;
  const body = html`<article class="project">
<h1>${project.name || "Untitled project"}</h1>
${description ? html`<p>${description}</p>` : ""}
<p><a href="${chatsLink}">${chats.toLocaleString("en-US")} chat${chats === 1 ? "" : "s"} in this project</a>${
    typeof project.raw.updated_at === "string" ? html` · updated ${shortDate(project.raw.updated_at)}` : ""
  }</p>
<h2>Instructions</h2>
${instructions ? html`<div class="text">${md(instructions, markdown)}</div>` : html`<p class="muted">None.</p>`}
<h2>Knowledge</h2>
${
  docs.length
    ? docs.map(
        (doc) =>
          html`<details class="fold doc"><summary>${typeof doc.file_name === "string" ? doc.file_name : "document"}</summary><div class="text">${md(
            typeof doc.content === "string" ? doc.content : "",
            markdown,
          )}</div></details>`,
      )
    : html`<p class="muted">No documents saved.</p>`
}
</article>`;
  return layout({ title: project.name || "Project", body });
}

function md(text: string, markdown: MarkdownToHtml): Html {
  return trusted(highlightBlocks(markdown(text)));
}
