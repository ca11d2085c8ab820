import { request } from "node:http";
import { createMarkdownToHtml } from "../../src/render/markdown-html.ts";
import { createChatIndex } from "../../src/serve/chat-index.ts";
import { createMessageCache } from "../../src/serve/message-cache.ts";
import { createProjectIndex } from "../../src/serve/project-index.ts";
import type { SearchPort } from "../../src/serve/search-port.ts";
import { startViewer, type Viewer } from "../../src/serve/server.ts";

// Requests to a running viewer with full control of the headers (fetch will not send a foreign Host).

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// One request; `cookie` is sent as the Cookie header, `host` replaces the Host header.
export function get(
  url: string,
  options: { method?: string; cookie?: string; host?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.host) headers.host = options.host;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

// A viewer over `root` in this process, with a search port that finds nothing unless one is given.
export async function viewerFor(
  root: string,
  search: SearchPort = { search: async () => ({ q: "", form: emptyForm(), hits: [] }), warm: async () => {} },
): Promise<{ viewer: Viewer; cookie: string; token: string; origin: string }> {
  const token = "test-token-0123456789abcdefghijklmnopqrstuv";
  const viewer = await startViewer({
    root,
    port: 0,
    token,
    index: createChatIndex(root, () => {}),
    projects: createProjectIndex(),
    rendered: createMessageCache(),
    markdown: createMarkdownToHtml(),
    search,
    warn: () => {},
  });
  const port = new URL(viewer.origin).port;
  return { viewer, token, origin: viewer.origin, cookie: `claude_backup_${port}=${token}` };
}

function emptyForm() {
  return { org: "", project: "", sender: "", model: "", since: "", until: "", starred: false, rank: false };
}
