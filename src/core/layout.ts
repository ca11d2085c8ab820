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

// Files (images, PDFs, sandbox files, project knowledge files): stored once per content under their
// SHA-256, and reached by a person through hard links under their own names next to each chat.
export const blobsDir = (root: string): string => join(root, "files", "sha256");
export const blobPath = (root: string, sha256: string): string =>
  join(root, "files", "sha256", sha256.slice(0, 2), sha256);
// `<org>/chat_files/<chat-name>-<uuid>/<file name>`: hard links, renamed with the chat.
export const chatFilesDirOf = (orgDir: string): string => join(orgDir, "chat_files");
// `<org>/file_manifests/<chat-uuid>.json`: what each chat's files are (archive/file-manifest.ts).
export const manifestsDirOf = (orgDir: string): string => join(orgDir, "file_manifests");
export const manifestFileOf = (orgDir: string, chatUuid: string): string =>
  join(orgDir, "file_manifests", `${chatUuid.toLowerCase()}.json`);
// Projects: `<org>/projects.json` (rows of every project held) and `<org>/projects/<name>-<uuid>/`.
export const projectsListFileOf = (orgDir: string): string => join(orgDir, "projects.json");
export const projectsDirOf = (orgDir: string): string => join(orgDir, "projects");
// `<org>/projects/<name>-<uuid>/file_manifest.json`: what a project's knowledge files are, linked under its `files/`.
export const PROJECT_MANIFEST = "file_manifest.json";
// The organization's memory, raw.
export const memoryFileOf = (orgDir: string): string => join(orgDir, "memory.json");
