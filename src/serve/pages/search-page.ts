import type { Hit } from "../../search/find-hits.ts";
import { MARK_END, MARK_START } from "../../search/find-hits.ts";
import { type ArchiveIndex, orgLabel } from "../chat-index.ts";
import { type Html, html } from "../html.ts";
import type { ProjectMeta } from "../projects.ts";
import type { SearchResult } from "../search-port.ts";
import { dateTime, layout } from "./layout.ts";

// Search results: each hit opens its chat at the matching message, on the branch that holds it.

// The whole search page.
export function searchPage(
  result: SearchResult,
  index: ArchiveIndex,
  projects: Map<string, ProjectMeta>,
): Html {
  const { form } = result;
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ""}>${label}</option>`;
  const body = html`<h1>Search</h1>
<form class="filters" method="get" action="/search">
<label class="grow">Words <input type="search" name="q" value="${result.q}" placeholder="Words, &quot;a phrase&quot;, prefix*" autofocus></label>
${
  index.orgs.length > 1
    ? html`<label>Organization <select name="org">${option("", "All", !form.org)}${index.orgs.map((org) =>
        option(org.uuid, orgLabel(index, org), org.uuid === form.org),
      )}</select></label>`
    : ""
}
${
  projects.size
    ? html`<label>Project <select name="project">${option("", "All", !form.project)}${[
        ...projects.values(),
      ].map((p) => option(p.uuid, p.name || p.uuid, p.uuid === form.project))}</select></label>`
    : ""
}
<label>From <select name="sender">${option("", "Anyone", !form.sender)}${option("human", "You", form.sender === "human")}${option("assistant", "Claude", form.sender === "assistant")}</select></label>
<label>Since <input name="since" value="${form.since}" placeholder="YYYY-MM-DD" size="10"></label>
<label>Until <input name="until" value="${form.until}" placeholder="YYYY-MM-DD" size="10"></label>
<label>Model <input name="model" value="${form.model}" placeholder="e.g. opus" size="10"></label>
<label class="check"><input type="checkbox" name="starred" value="1"${form.starred ? html` checked` : ""}> Starred</label>
<label class="check"><input type="checkbox" name="rank" value="1"${form.rank ? html` checked` : ""}> Best first</label>
<button type="submit">Search</button>
</form>
${result.error ? html`<p class="error" role="alert">${result.error}</p>` : ""}
${result.q && !result.error ? html`<p class="count">${result.hits.length === 0 ? "No matches." : `${result.hits.length}${result.hits.length >= 50 ? "+" : ""} matches`}</p>` : ""}
<ol class="hits" id="hits">${result.hits.map(hitHtml)}</ol>`;
  return layout({ title: result.q ? `Search: ${result.q}` : "Search", body, query: result.q });
}

function hitHtml(hit: Hit): Html {
  const href = hitHref(hit);
  const title =
    hit.kind === "doc"
      ? `${hit.name} › ${hit.fileName ?? ""}`
      : hit.kind === "project"
        ? `${hit.name} (project)`
        : hit.name;
  const where = [
    dateTime(hit.createdAt),
    hit.sender === "human"
      ? "You"
      : hit.sender === "assistant"
        ? "Claude"
        : hit.kind === "title"
          ? "title"
          : "",
    hit.onActiveBranch === false ? "another branch" : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return html`<li class="hit"><a class="hit-link" href="${href}"><span class="title">${hit.starred ? "★ " : ""}${title || "Untitled"}</span><span class="meta">${where}</span><span class="snippet">${snippetHtml(hit.snippet)}</span></a></li>`;
}

// Where a hit opens: the chat at the message (its branch), the chat, or the project.
export function hitHref(hit: Hit): string {
  if (hit.conversationUuid && hit.messageUuid) {
    return `/chat/${hit.conversationUuid}?at=${encodeURIComponent(hit.messageUuid)}#m-${encodeURIComponent(hit.messageUuid)}`;
  }
  if (hit.conversationUuid) return `/chat/${hit.conversationUuid}`;
  return hit.projectUuid ? `/project/${hit.projectUuid}` : "/";
}

// The snippet with its matches in <mark>, every piece of text escaped.
function snippetHtml(snippet: string): Html {
  const pieces = snippet.split(MARK_START).map((part, i) => {
    if (i === 0) return html`${part}`;
    const [matched = "", rest = ""] = part.split(MARK_END);
    return html`<mark>${matched}</mark>${rest}`;
  });
  return html`${pieces}`;
}
