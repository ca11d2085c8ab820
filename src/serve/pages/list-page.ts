import { type ArchiveIndex, type ChatMeta, orgLabel } from "../chat-index.ts";
import { type Html, html } from "../html.ts";
import { type ListPage, listSearch } from "../list-query.ts";
import type { ProjectMeta } from "../projects.ts";
import { layout, shortDate } from "./layout.ts";

// The chat list: filters (a plain GET form, so it works without the script), one page of rows and
// a link to the next page, which the script follows by itself as the reader scrolls.

export interface ListView {
  index: ArchiveIndex;
  page: ListPage;
  projects: Map<string, ProjectMeta>; // by uuid
  models: string[];
}

// The whole list page.
export function listPage(view: ListView): Html {
  const { page } = view;
  const { query } = page;
  const end = Math.min(page.total, query.offset + page.items.length);
  const next = end < page.total ? listSearch(query, { offset: end }) : undefined;
  const previous =
    query.offset > 0 ? listSearch(query, { offset: Math.max(0, query.offset - query.limit) }) : undefined;
  const body = html`<h1>Chats</h1>
${filterForm(view)}
<p class="count" id="count">${countText(page, end)}</p>
<ol class="chat-list" id="chat-list" start="${query.offset + 1}">
${page.items.map((chat) => chatRow(chat, view))}
</ol>
<nav class="pager" aria-label="Pages">
${previous !== undefined ? html`<a href="/${previous}" rel="prev">‹ Newer</a>` : ""}
${next !== undefined ? html`<a href="/${next}" rel="next" id="next-page">Older ›</a>` : ""}
</nav>`;
  return layout({ title: "Chats", body, bodyClass: "list" });
}

function countText(page: ListPage, end: number): string {
  if (page.total === 0) return "No chats match.";
  const of = `${page.total.toLocaleString("en-US")} chat${page.total === 1 ? "" : "s"}`;
  return page.query.offset === 0 && end === page.total ? of : `${of} · ${page.query.offset + 1}–${end} shown`;
}

// One row: star, title, project, model and date.
export function chatRow(chat: ChatMeta, view: ListView): Html {
  const project = chat.projectUuid ? view.projects.get(chat.projectUuid) : undefined;
  const orgName = view.index.orgs.length > 1 ? orgLabel(view.index, chat.org) : "";
  return html`<li class="chat-row">
<a class="chat-link" href="/chat/${chat.uuid}">
<span class="title">${chat.starred ? html`<span class="star" title="Starred" aria-label="Starred">★</span> ` : ""}${chat.name || "Untitled"}</span>
<span class="meta">${project ? html`<span class="badge project">${project.name || "Project"}</span>` : chat.projectUuid ? html`<span class="badge project">Project</span>` : ""}${orgName ? html`<span class="badge org">${orgName}</span>` : ""}${chat.model ? html`<span class="model">${chat.model}</span>` : ""}<time datetime="${chat.updatedAt}" title="${chat.updatedAt}">${shortDate(chat.updatedAt)}</time></span>
</a>
</li>`;
}

function filterForm(view: ListView): Html {
  const { query } = view.page;
  const orgs = view.index.orgs;
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ""}>${label}</option>`;
  return html`<form class="filters" method="get" action="/" id="filters">
<label class="grow">Title <input type="search" name="q" value="${query.q}" placeholder="Filter by title"></label>
${
  orgs.length > 1
    ? html`<label>Organization <select name="org">${option("", "All", !query.org)}${orgs.map((org) =>
        option(org.uuid, orgLabel(view.index, org), org.uuid === query.org),
      )}</select></label>`
    : ""
}
${
  view.projects.size > 0
    ? html`<label>Project <select name="project">${option("", "All", !query.project)}${[
        ...view.projects.values(),
      ].map((p) => option(p.uuid, p.name || p.uuid, p.uuid === query.project))}</select></label>`
    : ""
}
${
  view.models.length > 1
    ? html`<label>Model <select name="model">${option("", "All", !query.model)}${view.models.map((m) =>
        option(m, m, m === query.model),
      )}</select></label>`
    : ""
}
<label>Sort <select name="sort">${option("updated", "Last updated", query.sort === "updated")}${option("created", "Created", query.sort === "created")}${option("name", "Title", query.sort === "name")}</select></label>
<label class="check"><input type="checkbox" name="starred" value="1"${query.starred ? html` checked` : ""}> Starred</label>
<button type="submit">Apply</button>
</form>`;
}
