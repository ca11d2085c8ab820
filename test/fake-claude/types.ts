// Public types of the fake claude.ai server, and the shapes of its in-memory world.

import type { ExtrasControls } from "./extras.ts";
import type { ForeignHost } from "./foreign.ts";
import type { World } from "./world.ts";

// Which endpoint a request was aimed at; used for counting and for scripting faults.
export type RequestKind =
  | "account"
  | "organizations"
  | "list_v1"
  | "list_v2"
  | "chat"
  | "project_list"
  | "project"
  | "project_docs"
  | "project_doc"
  | "project_files"
  | "project_syncs"
  | "project_kb_stats"
  | "project_memory"
  | "memory"
  | "file"
  | "wiggle_list"
  | "wiggle_download"
  | "other";

// How the project list is wrapped: a bare array or `{data, has_more}` (docs/claude-api.md §5.1, uncertain).
export type ProjectsListShape = "array" | "data";

// A fault the server can play instead of (or around) the correct answer.
export type Fault =
  | { type: "status"; status: 500 | 502 | 503 | 504 }
  | { type: "rate_limit"; retryAfter?: number | string }
  | { type: "reset" }
  // Bytes that are not a well-formed HTTP/1.1 answer (a broken middlebox), then the connection closes.
  | { type: "broken_http" }
  | { type: "truncate" }
  | { type: "malformed" }
  | { type: "slow"; ms: number }
  | { type: "cloudflare" }
  | { type: "session_invalid" }
  | { type: "org_forbidden" }
  | { type: "missing_permissions" }
  | { type: "region_blocked" }
  | { type: "redirect"; location?: string }
  | { type: "not_found" }
  // 200 text/html: the viewer page warns `/preview` can answer instead of the image (docs/claude-api.md §6).
  | { type: "html_viewer" };

export interface FakeClaudeOptions {
  seed?: number;
  organizations?: number;
  chatsPerOrg?: number;
  sessionKey?: string;
  latencyMs?: number;
  v1ListRemoved?: boolean;
  faultRate?: number;
  maxLimit?: number;
  hostileNames?: boolean;
  // Port to listen on (default 0: an ephemeral one); only the standalone runner needs it.
  port?: number;
  // Uploads (files_v2/files), sandbox tool calls, wiggle sandboxes and artifact edits in chats.
  files?: boolean;
  // Projects per chat org (default 0); some chats then belong to one.
  projects?: number;
  projectsListShape?: ProjectsListShape;
  // `GET …/projects/{p}/files` answers 404, as if the endpoint did not exist (docs/claude-api.md §5.4).
  projectFilesMissing?: boolean;
  // Share (0–1) of image files whose `/preview` answers an HTML viewer page (docs/claude-api.md §6).
  htmlPreviewShare?: number;
  // With `files`, some `*_asset.url`s become absolute signed URLs on this host (docs/claude-api.md §4.6).
  foreignHost?: ForeignHost;
  // The kinds random faults (faultRate) may hit; default: account, organizations, lists and chats.
  randomFaultKinds?: readonly RequestKind[];
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  kind: RequestKind;
  // 0 while the answer is pending, and for a reset socket.
  status: number;
  fault?: string;
  // When the request arrived (Date.now()), so tests can measure a client's waits between attempts.
  at: number;
}

export interface ListPageInfo {
  orgUuid: string;
  kind: "list_v1" | "list_v2";
  offset: number;
  limit: number | undefined;
  starred: boolean | undefined;
}

export interface OrgJson {
  uuid: string;
  name: string;
  capabilities: string[];
  [field: string]: unknown;
}

export interface Membership {
  role: string;
  organization: OrgJson;
  [field: string]: unknown;
}

export interface Account {
  uuid: string;
  email_address: string;
  full_name: string;
  display_name: string;
  created_at: string;
  memberships: Membership[];
  [field: string]: unknown;
}

// One chat_messages[] entry; content fields stay loose, as in the real API.
export interface MessageJson {
  uuid: string;
  parent_message_uuid: string;
  sender: "human" | "assistant";
  index: number;
  content: ContentBlock[];
  [field: string]: unknown;
}

export interface ContentBlock {
  type: string;
  [field: string]: unknown;
}

export interface ChatState {
  uuid: string;
  name: string | null;
  summary: string;
  model: string | null;
  created_at: string;
  updated_at: string;
  settings: Record<string, unknown>;
  is_starred: boolean;
  is_temporary: boolean;
  project_uuid: string | null;
  // The `project` object some detail answers carry besides project_uuid (docs/claude-api.md §4.2).
  project?: { uuid: string; name: string };
  current_leaf_message_uuid: string;
  // Every message ever made, all branches, in creation order.
  messages: MessageJson[];
}

export interface OrgState {
  uuid: string;
  name: string;
  organization: OrgJson;
  chats: Map<string, ChatState>;
}

// The world's own controls, offered to tests as they are.
type WorldControls = Pick<
  World,
  | "account"
  | "chatOrgs"
  | "chatBody"
  | "createChat"
  | "updateChat"
  | "renameChat"
  | "starChat"
  | "deleteChat"
  | "renameOrg"
>;

export interface FakeClaude extends WorldControls, ExtrasControls {
  url: string;
  sessionKey: string;
  requests: RequestRecord[];
  count(kind?: RequestKind): number;
  resetRequests(): void;
  close(): Promise<void>;
  listEntries(orgUuid: string): unknown[];
  setSessionKey(key: string): void;
  setV1ListRemoved(removed: boolean): void;
  setFaultRate(rate: number): void;
  setLatency(ms: number): void;
  setMaxLimit(limit: number | undefined): void;
  // API drift: the chat lists answer their first page whatever the offset.
  setOffsetIgnored(ignored: boolean): void;
  injectFault(match: RequestKind | RegExp, fault: Fault, times?: number): void;
  clearFaults(): void;
  onListPage?: ((info: ListPageInfo) => void) | undefined;
}
