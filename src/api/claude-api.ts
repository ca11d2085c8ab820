import { ApiError, NotClaudeApiError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { type ChatEntry, isChatEntry, type ListApi, nameOf, type Organization } from "../core/types.ts";
import { isUuid } from "../core/uuid.ts";
import type { HttpClient } from "../http/client.ts";

export interface ListQuery {
  api: ListApi;
  offset: number;
  limit: number;
  starred?: boolean; // v2 only: each call returns either starred or unstarred chats (docs/claude-api.md §3.2)
}

export interface ListPage {
  entries: ChatEntry[];
  hasMore: boolean | undefined; // v2 says; v1 does not
}

export interface ClaudeApi {
  account(): Promise<{ body: Buffer; organizations: Organization[] }>;
  listPage(orgUuid: string, query: ListQuery): Promise<ListPage>;
  conversation(orgUuid: string, chatUuid: string): Promise<{ body: Buffer; json: Record<string, unknown> }>;
}

// What a sync asks outside its chat tasks, which fetch each chat in a request slot (sync/chat-queue.ts).
export type ListingApi = Pick<ClaudeApi, "account" | "listPage">;

// The detail query the web app itself uses: every branch, typed content blocks, full tool blocks
// (docs/claude-api.md §4.1).
export const CONVERSATION_QUERY = "tree=True&rendering_mode=messages&render_all_tools=true";

// Typed calls to claude.ai's internal API. Answers are checked for the few fields we use and
// otherwise passed on raw.
export function createClaudeApi(http: HttpClient): ClaudeApi {
  return {
    async account() {
      let answer: Awaited<ReturnType<HttpClient["getJson"]>>;
      try {
        answer = await http.getJson("/api/account", "account");
      } catch (error) {
        throw notClaudeApi(error) ?? error;
      }
      return { body: answer.body, organizations: organizationsOf(answer.json) };
    },
    async listPage(orgUuid, query) {
      const path =
        query.api === "v1"
          ? `/api/organizations/${orgUuid}/chat_conversations?limit=${query.limit}&offset=${query.offset}`
          : `/api/organizations/${orgUuid}/chat_conversations_v2?limit=${query.limit}&offset=${query.offset}&starred=${query.starred === true}&consistency=strong`;
      const { json } = await http.getJson(path, `chat list of organization ${orgUuid}`);
      return query.api === "v1" ? v1Page(json) : v2Page(json);
    },
    async conversation(orgUuid, chatUuid) {
      const what = `chat ${chatUuid}`;
      const { body, json } = await http.getJson(
        `/api/organizations/${orgUuid}/chat_conversations/${chatUuid}?${CONVERSATION_QUERY}`,
        what,
      );
      if (!isRecord(json) || json.uuid !== chatUuid || !Array.isArray(json.chat_messages)) {
        throw badShape(what, "expected an object with this uuid and a chat_messages array");
      }
      return { body, json };
    },
  };
}

// claude.ai always has /api/account for a signed-in key (an expired key gets a 401/403 with its own
// error body, handled as such). A 404 there, or a 403 "for organization" where none was named, means
// the server is not claude.ai's API: most often a wrong CLAUDE_BACKUP_BASE_URL.
function notClaudeApi(error: unknown): NotClaudeApiError | undefined {
  if (!(error instanceof ApiError) || (error.code !== "NOT_FOUND" && error.code !== "FORBIDDEN"))
    return undefined;
  return new NotClaudeApiError(
    `the server answered the account request with HTTP ${error.status ?? "?"}, which claude.ai never does: check CLAUDE_BACKUP_BASE_URL (unset means https://claude.ai), and any proxy in between`,
    { cause: error },
  );
}

function organizationsOf(account: unknown): Organization[] {
  if (!isRecord(account) || !Array.isArray(account.memberships)) {
    throw badShape("account", "expected an object with a memberships array");
  }
  const organizations: Organization[] = [];
  for (const membership of account.memberships) {
    const org = isRecord(membership) ? membership.organization : undefined;
    if (!isRecord(org) || !isUuid(org.uuid))
      throw badShape("account", "a membership without an organization uuid");
    const capabilities = Array.isArray(org.capabilities)
      ? org.capabilities.filter((c): c is string => typeof c === "string")
      : [];
    organizations.push({ uuid: org.uuid, name: nameOf(org), capabilities });
  }
  return organizations;
}

function v1Page(json: unknown): ListPage {
  if (!Array.isArray(json)) throw badShape("chat list", "expected an array");
  return { entries: checkedEntries(json), hasMore: undefined };
}

function v2Page(json: unknown): ListPage {
  if (!isRecord(json) || !Array.isArray(json.data))
    throw badShape("chat list (v2)", "expected {data, has_more}");
  return { entries: checkedEntries(json.data), hasMore: json.has_more === true };
}

function checkedEntries(rows: unknown[]): ChatEntry[] {
  for (const row of rows) {
    if (!isChatEntry(row)) throw badShape("chat list", "a row without a uuid or updated_at");
    shareRepeatedValues(row);
  }
  return rows as ChatEntry[];
}

// Row fields that hold one of a few values (the model, "CLAUDE_AI", a project's uuid, the settings).
// JSON.parse makes a new value for each row, and a sync keeps every row until its end: 10,000 rows
// held 10,000 copies of each. The row's JSON stays the same; only the copies go. Rows are never
// changed in place (a changed row is a new object), so one settings object can serve many rows.
const REPEATED_STRINGS = ["model", "platform", "project_uuid"] as const;
const MAX_SHARED = 1000;
const sharedStrings = new Map<string, string>();
const sharedSettings = new Map<string, unknown>();

function shareRepeatedValues(row: Record<string, unknown>): void {
  for (const field of REPEATED_STRINGS) {
    const value = row[field];
    if (typeof value === "string") row[field] = shared(sharedStrings, value, value);
  }
  if (isRecord(row.settings))
    row.settings = shared(sharedSettings, JSON.stringify(row.settings), row.settings);
}

// The value kept for `key`, or `value` (kept for the next rows while there is room).
function shared<T>(values: Map<string, T>, key: string, value: T): T {
  const known = values.get(key);
  if (known !== undefined) return known;
  if (values.size < MAX_SHARED) values.set(key, value);
  return value;
}

function badShape(what: string, detail: string): ApiError {
  return new ApiError(
    "BAD_RESPONSE",
    `${what}: claude.ai's answer has an unexpected shape (${detail}); its API may have changed, please report it`,
  );
}
