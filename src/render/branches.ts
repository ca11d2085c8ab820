import { buildChatTree, listBranches } from "../core/chat-tree.ts";
import { UsageError } from "../core/errors.ts";
import { messageParts, oneLine } from "./blocks.ts";

// The branches of a chat as `--branches` lists them and `--branch ID` picks them: numbered from 1 (the
// active branch), each with its leaf uuid and the first words of the message where it starts to
// differ from the branches listed before it. Pure.

export interface BranchSummary {
  number: number;
  leaf: string;
  active: boolean;
  messages: number;
  firstWords: string;
}

// How many words a branch line shows.
const FIRST_WORDS = 10;

export function branchSummaries(chat: Record<string, unknown>): BranchSummary[] {
  const branches = listBranches(buildChatTree(chat));
  const seen = new Set<string>();
  return branches.map((branch, index) => {
    const fresh = branch.path.find((m) => !seen.has(m.uuid)) ?? branch.path[0];
    for (const m of branch.path) seen.add(m.uuid);
    const text = fresh
      ? messageParts(fresh.raw)
          .map((p) => (p.kind === "text" ? p.text : ""))
          .join(" ")
      : "";
    const words = text.split(/\s+/).filter(Boolean);
    const firstWords = oneLine(
      words.slice(0, FIRST_WORDS).join(" ") + (words.length > FIRST_WORDS ? " …" : ""),
    );
    return {
      number: index + 1,
      leaf: branch.leaf,
      active: branch.active,
      messages: branch.path.length,
      firstWords,
    };
  });
}

// The branch number an ID names: a number from `--branches`, a leaf uuid, or a unique start of one.
export function resolveBranchId(summaries: readonly BranchSummary[], id: string): number {
  const text = id.trim().toLowerCase();
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    if (number >= 1 && number <= summaries.length) return number;
    throw new UsageError(`--branch ${id}: the chat has ${summaries.length} branch(es); see --branches`);
  }
  const matches = text.length >= 4 ? summaries.filter((s) => s.leaf.toLowerCase().startsWith(text)) : [];
  const [match] = matches;
  if (matches.length === 1 && match) return match.number;
  const why = matches.length > 1 ? "matches several branches" : "matches no branch";
  throw new UsageError(`--branch ${id} ${why}; give a number or a leaf uuid from --branches`);
}
