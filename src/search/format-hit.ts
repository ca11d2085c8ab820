import { claudeChatUrl } from "../archive/archive.ts";
import { type Hit, MARK_END, MARK_START } from "./find-hits.ts";

// How a hit is printed: three lines for a person (title, address and date, snippet), or one JSON
// object per line for scripts. Text from claude.ai is untrusted, so the caller passes `clean`, which
// makes it terminal-safe (no control characters, so no escape sequences from a chat reach the terminal).

export interface HitStyle {
  color: boolean; // highlight matches (a TTY without NO_COLOR)
  clean: (text: string) => string;
}

const BOLD = "\u001b[1m";
const HIGHLIGHT = "\u001b[1;33m";
const DIM = "\u001b[2m";
const RESET = "\u001b[0m";

// The page a hit lives on: the chat, or for a project's own text and docs the project.
export function hitUrl(hit: Hit): string {
  if (hit.conversationUuid) return claudeChatUrl(hit.conversationUuid);
  return hit.projectUuid ? `https://claude.ai/project/${hit.projectUuid}` : "";
}

// A hit as three lines and a blank one.
export function formatHit(hit: Hit, style: HitStyle): string {
  const name = style.clean(hit.name) || "(untitled)";
  const title =
    hit.kind === "doc"
      ? `${name} › ${style.clean(hit.fileName ?? "")}`
      : hit.kind === "project"
        ? `${name} (project)`
        : name;
  const where = [
    shortDate(hit.createdAt),
    hit.sender,
    hit.onActiveBranch === false ? "another branch" : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const snippet = hit.snippet
    .split(MARK_START)
    .map((part, i) => {
      if (i === 0) return style.clean(part);
      const [matched = "", rest = ""] = part.split(MARK_END);
      return style.color
        ? `${HIGHLIGHT}${style.clean(matched)}${RESET}${style.clean(rest)}`
        : `${style.clean(matched)}${style.clean(rest)}`;
    })
    .join("");
  const head = style.color ? `${BOLD}${title}${RESET}` : title;
  const url = style.color ? `${DIM}${hitUrl(hit)}  ${where}${RESET}` : `${hitUrl(hit)}  ${where}`;
  return `${head}\n${url}\n  ${snippet.trim()}\n\n`;
}

// A hit as one JSON line; absent fields are null, so every line has the same keys.
export function hitJson(hit: Hit): string {
  return `${JSON.stringify({
    kind: hit.kind,
    conversation_uuid: hit.conversationUuid ?? null,
    message_uuid: hit.messageUuid ?? null,
    organization_uuid: hit.organizationUuid,
    project_uuid: hit.projectUuid ?? null,
    doc_uuid: hit.docUuid ?? null,
    name: hit.name,
    file_name: hit.fileName ?? null,
    url: hitUrl(hit),
    created_at: hit.createdAt,
    sender: hit.sender ?? null,
    on_active_branch: hit.onActiveBranch ?? null,
    model: hit.model ?? null,
    starred: hit.starred,
    snippet: hit.snippet.replaceAll(MARK_START, "").replaceAll(MARK_END, ""),
  })}\n`;
}

// "2026-02-01 09:15" (UTC, as saved) from an ISO timestamp.
function shortDate(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}
