// What a command gets from the outside world. Only src/main.ts builds one from `process`; tests build
// their own, so a command runs in-process with injected streams, environment and signal.
export interface CommandIo {
  argv: string[]; // the arguments after the command word
  env: Readonly<Record<string, string | undefined>>;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  signal: AbortSignal; // Ctrl-C / SIGTERM
  version: string;
  // Values that must never be shown: a command adds each secret it reads (the session key, from
  // whichever source), and the error report redacts them all, stack traces included.
  secrets: Set<string>;
}

// A command module: `claude-backup <name> …` loads it only when it runs.
export interface CommandModule {
  run(io: CommandIo): Promise<number>;
}
