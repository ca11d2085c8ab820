import type { CommandModule } from "./io.ts";

// The commands of claude-backup, in the order `--help` lists them. Each is loaded with a dynamic
// import() only when it runs, so `--version` or a search never pays for the HTTP client, the browser
// cookie readers or the sync.
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "sync",
    summary: "back up claude.ai into the folder (also what `claude-backup [backup_dir]` does)",
    load: () => import("./sync.ts"),
  },
  {
    name: "render",
    summary: "write the chats as Markdown or HTML files (or print one chat)",
    load: () => import("./render.ts"),
  },
  {
    name: "search",
    summary: "find chats by their words (titles, messages, docs)",
    load: () => import("./search.ts"),
  },
  {
    name: "export",
    summary: "write the backup as one SQLite file (export sqlite FILE), for Datasette",
    load: () => import("./export.ts"),
  },
  {
    name: "verify",
    summary: "check the backup folder offline and list what is wrong (--repair fixes some)",
    load: () => import("./verify.ts"),
  },
  {
    name: "import",
    summary: "merge claude.ai's official export (zip, folder or JSON) into the folder",
    load: () => import("./import.ts"),
  },
  {
    name: "serve",
    summary: "read and search the backup in your browser (a local, read-only viewer)",
    load: () => import("./serve.ts"),
  },
  {
    name: "completion",
    summary: "print a completion script for bash, zsh or fish",
    load: () => import("./completion.ts"),
  },
];

// The entry for `word`, or undefined when it is not a command.
export function findCommand(word: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((command) => command.name === word);
}
