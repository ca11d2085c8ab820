import { claudeChatUrl } from "../../archive/archive.ts";
import { ROOT_PARENT, siblingPosition, type TreeMessage } from "../../core/chat-tree.ts";
import { replayArtifacts } from "../../render/artifacts.ts";
import { messageParts } from "../../render/blocks.ts";
import type { MarkdownToHtml } from "../../render/markdown-html.ts";
import type { OpenChat } from "../chat-data.ts";
import { type Html, html } from "../html.ts";
import type { ProjectMeta } from "../projects.ts";
import { dateTime, layout } from "./layout.ts";
import { type PartContext, partHtml } from "./parts.ts";

// A chat as claude.ai shows it: one branch, root to leaf, with "‹ 2 / 3 ›" at every message that has
// other versions. The arrows are plain links to the same page on the branch through that version
// (`?at=<uuid>`), so they work from the keyboard, without script, and as deep links.

export interface ChatView {
  open: OpenChat;
  markdown: MarkdownToHtml;
  orgName: string;
  project: ProjectMeta | undefined;
  at: string | null; // the message asked for (a search hit), highlighted
  rendered: Map<string, Html>; // message bodies already rendered for this chat file (message-cache.ts)
}

// The whole chat page.
export function chatPage(view: ChatView): Html {
  const { open } = view;
  const { meta } = open;
  const context: PartContext = {
    chatUuid: meta.uuid,
    markdown: view.markdown,
    manifest: open.manifest,
    replay: replayArtifacts(open.path),
    human: false,
  };
  const title = meta.name || "Untitled";
  const body = html`<article class="chat">
<header class="chat-head">
<h1>${meta.starred ? html`<span class="star" title="Starred" aria-label="Starred">★</span> ` : ""}${title}</h1>
<p class="chat-meta">
${view.orgName ? html`<span>${view.orgName}</span>` : ""}
${view.project ? html`<a class="badge project" href="/project/${view.project.uuid}">${view.project.name || "Project"}</a>` : ""}
${meta.model ? html`<span class="model">${meta.model}</span>` : ""}
${meta.updatedAt ? html`<time datetime="${meta.updatedAt}">${dateTime(meta.updatedAt)}</time>` : ""}
<a href="${claudeChatUrl(meta.uuid)}" rel="noopener noreferrer" target="_blank">Open on claude.ai</a>
</p>
</header>
${open.path.length === 0 ? html`<p class="muted">This chat has no messages.</p>` : ""}
${open.path.map((message) => messageHtml(message, view, context))}
</article>`;
  return layout({ title, body, bodyClass: "chat-page" });
}

function messageHtml(message: TreeMessage, view: ChatView, context: PartContext): Html {
  const who = message.sender === "human" ? "You" : message.sender === "assistant" ? "Claude" : message.sender;
  const target = view.at === message.uuid ? " hit" : "";
  return html`<section class="msg ${message.sender === "human" ? "human" : "assistant"}${target}" id="m-${message.uuid}" aria-label="${who}">
<header class="msg-head"><span class="who">${who}</span>${forkNav(message, view)}<time datetime="${message.createdAt}">${dateTime(message.createdAt)}</time></header>
<div class="msg-body">${bodyHtml(message, view, context)}</div>
</section>`;
}

// "‹ 2 / 3 ›" where the message is one of several versions; each arrow opens the sibling's branch.
function forkNav(message: TreeMessage, view: ChatView): Html | string {
  const { tree, meta } = view.open;
  const { index, count } = siblingPosition(tree, message);
  if (count < 2) return "";
  const parent = tree.messages.has(message.parent) ? message.parent : ROOT_PARENT;
  const siblings = tree.children.get(parent) ?? [];
  const link = (sibling: TreeMessage | undefined, label: string, text: string, rel: string) =>
    sibling
      ? html`<a class="fork-step" href="/chat/${meta.uuid}?at=${sibling.uuid}#m-${sibling.uuid}" aria-label="${label}" data-fork="${rel}">${text}</a>`
      : html`<span class="fork-step" aria-hidden="true">${text}</span>`;
  return html`<nav class="fork" aria-label="Version ${index} of ${count}">${link(siblings[index - 2], "Previous version", "‹", "prev")}<span class="fork-pos">${index} / ${count}</span>${link(siblings[index], "Next version", "›", "next")}</nav>`;
}

// A message's parts as HTML, rendered once per chat file. Artifacts are left out of the cache: what
// they show depends on the branch (an update applies to the version before it on that branch).
function bodyHtml(message: TreeMessage, view: ChatView, context: PartContext): Html {
  const held = view.rendered.get(message.uuid);
  if (held) return held;
  const parts = messageParts(message.raw);
  const body = html`${parts.map((part) => partHtml(part, { ...context, human: message.sender === "human" }))}`;
  if (!parts.some((part) => part.kind === "artifact")) view.rendered.set(message.uuid, body);
  return body;
}
