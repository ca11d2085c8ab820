// Test helpers: requests the way a browser-like client sends them to the fake.

import type { FakeClaude } from "./types.ts";

export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

// The query a backup uses for a chat's detail (docs/claude-api.md §4.1).
export const FULL_QUERY = "tree=True&rendering_mode=messages&render_all_tools=true";

// Headers with the session cookie among others, as a browser would send them.
export function browserHeaders(fake: FakeClaude, key = fake.sessionKey): Record<string, string> {
  return { "user-agent": BROWSER_UA, cookie: `lastActiveOrg=x; sessionKey=${key}; cf_clearance=abc` };
}

// GETs `path` (with query) from the fake as a logged-in browser; redirects are not followed.
export function get(fake: FakeClaude, path: string, headers = browserHeaders(fake)): Promise<Response> {
  return fetch(`${fake.url}${path}`, { headers, redirect: "manual" });
}

// GETs `path` and parses the JSON body, failing on any status other than 200.
export async function getJson<T = unknown>(fake: FakeClaude, path: string): Promise<T> {
  const res = await get(fake, path);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`[GET] "${path}": ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

export interface Row {
  uuid: string;
  name: string | null;
  updated_at: string;
  is_starred: boolean;
}

export interface V2Page {
  data: Row[];
  has_more: boolean;
}

export function listPath(org: string, query = ""): string {
  return `/api/organizations/${org}/chat_conversations${query === "" ? "" : `?${query}`}`;
}

export function v2Path(org: string, query = ""): string {
  return `/api/organizations/${org}/chat_conversations_v2${query === "" ? "" : `?${query}`}`;
}

export function chatPath(org: string, chat: string, query = FULL_QUERY): string {
  return `/api/organizations/${org}/chat_conversations/${chat}${query === "" ? "" : `?${query}`}`;
}
