import type { IncomingMessage, ServerResponse } from "node:http";
import type { MarkdownToHtml } from "../render/markdown-html.ts";
import { sendArtifact } from "./artifact-route.ts";
import { sendAsset } from "./assets/index.ts";
import { openChat } from "./chat-data.ts";
import { type ChatIndex, orgLabel } from "./chat-index.ts";
import { sendFile } from "./file-route.ts";
import { parseListQuery, queryChats } from "./list-query.ts";
import type { MessageCache } from "./message-cache.ts";
import { chatPage } from "./pages/chat-page.ts";
import { listPage } from "./pages/list-page.ts";
import { notFoundPage } from "./pages/not-found.ts";
import { orgsPage, projectPage } from "./pages/org-page.ts";
import { searchPage } from "./pages/search-page.ts";
import type { ProjectIndex } from "./project-index.ts";
import { sendJson, sendPage } from "./respond.ts";
import type { SearchPort } from "./search-port.ts";

// Which page answers which path. Every path segment taken from the URL is checked against a pattern
// before it is used, and none ever becomes part of a file path: chats are found through the index,
// files through the chat's manifest.

export interface RouteDeps {
  root: string;
  index: ChatIndex;
  markdown: MarkdownToHtml;
  search: SearchPort;
  projects: ProjectIndex;
  rendered: MessageCache;
  warn: (message: string) => void;
}

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const CHAT_PATH = new RegExp(`^/chat/(${UUID})$`);
const PROJECT_PATH = new RegExp(`^/project/(${UUID})$`);
const FILE_PATH = new RegExp(`^/file/(${UUID})/([0-9a-f]{64})$`);
const ARTIFACT_PATH = new RegExp(`^/artifact/(${UUID})/([^/]{1,200})$`);

// Answers one request that passed the access checks.
export async function route(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  deps: RouteDeps,
): Promise<void> {
  const path = url.pathname;
  if (path.startsWith("/assets/")) return sendAsset(request, response, path.slice("/assets/".length));
  if (path === "/" || path === "/api/chats") {
    const index = await deps.index.current();
    const page = queryChats(index.chats, parseListQuery(url.searchParams));
    if (path === "/api/chats") return sendJson(request, response, listJson(page));
    const projects = await deps.projects.current(index.orgs);
    return sendPage(request, response, 200, listPage({ index, page, projects, models: index.models }));
  }
  const chatMatch = CHAT_PATH.exec(path);
  if (chatMatch?.[1]) {
    const index = await deps.index.current();
    const meta = index.byUuid.get(chatMatch[1].toLowerCase());
    const at = url.searchParams.get("at");
    const open = meta ? await openChat(meta, at) : undefined;
    if (!meta || !open)
      return sendPage(request, response, 404, notFoundPage("This chat is not in the backup."));
    const projects = await deps.projects.current(index.orgs);
    const page = chatPage({
      open,
      markdown: deps.markdown,
      orgName: orgLabel(index, meta.org),
      project: meta.projectUuid ? projects.get(meta.projectUuid) : undefined,
      at,
      rendered: deps.rendered.forChat(open.stamp),
    });
    return sendPage(request, response, 200, page);
  }
  const fileMatch = FILE_PATH.exec(path);
  if (fileMatch?.[1] && fileMatch[2]) {
    return sendFile(request, response, deps, fileMatch[1].toLowerCase(), fileMatch[2]);
  }
  const artifactMatch = ARTIFACT_PATH.exec(path);
  if (artifactMatch?.[1] && artifactMatch[2]) {
    return sendArtifact(
      request,
      response,
      deps,
      artifactMatch[1].toLowerCase(),
      decodeSegment(artifactMatch[2]),
    );
  }
  if (path === "/orgs") {
    const index = await deps.index.current();
    return sendPage(
      request,
      response,
      200,
      await orgsPage(index, await deps.projects.current(index.orgs), deps.markdown),
    );
  }
  const projectMatch = PROJECT_PATH.exec(path);
  if (projectMatch?.[1]) {
    const index = await deps.index.current();
    const project = (await deps.projects.current(index.orgs)).get(projectMatch[1].toLowerCase());
    if (!project) return sendPage(request, response, 404, notFoundPage("This project is not in the backup."));
    return sendPage(request, response, 200, await projectPage(project, index, deps.markdown));
  }
  if (path === "/search" || path === "/api/search") {
    const result = await deps.search.search(url.searchParams);
    if (path === "/api/search") return sendJson(request, response, result);
    const index = await deps.index.current();
    return sendPage(
      request,
      response,
      200,
      searchPage(result, index, await deps.projects.current(index.orgs)),
    );
  }
  return sendPage(request, response, 404, notFoundPage("There is no such page in the viewer."));
}

function listJson(page: ReturnType<typeof queryChats>): unknown {
  return {
    total: page.total,
    offset: page.query.offset,
    limit: page.query.limit,
    chats: page.items.map((chat) => ({
      uuid: chat.uuid,
      name: chat.name,
      created_at: chat.createdAt,
      updated_at: chat.updatedAt,
      model: chat.model || null,
      is_starred: chat.starred,
      project_uuid: chat.projectUuid || null,
      organization_uuid: chat.org.uuid,
    })),
  };
}

// A path segment as text; a malformed escape is left as it came (it then matches nothing).
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
