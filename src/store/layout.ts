import { join } from "node:path";

// Where each part of a backup lives. The visible layout is the original tool's; our own bookkeeping
// sits in a hidden `.claude-backup` folder that the original never looks at.

export const STATE_DIR = ".claude-backup";

export const accountFile = (root: string): string => join(root, "account.json");
export const organizationsDir = (root: string): string => join(root, "organizations");
export const chatsDirOf = (orgDir: string): string => join(orgDir, "chat_conversations");
export const listFileOf = (orgDir: string): string => join(orgDir, "chat_conversations.json");
export const stateDir = (root: string): string => join(root, STATE_DIR);
export const stateFile = (root: string): string => join(root, STATE_DIR, "state.json");
export const formatFile = (root: string): string => join(root, STATE_DIR, "format");
export const journalFile = (root: string, orgUuid: string): string =>
  join(root, STATE_DIR, "journal", `${orgUuid}.jsonl`);
