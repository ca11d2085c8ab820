import type { ParseArgsOptionsConfig } from "node:util";
import { UsageError } from "../core/errors.ts";

// A command's options in node:util parseArgs form. Each command exports its table as `OPTIONS`, so
// shell completion (completion.ts) is built from the very table the command parses with.
export type OptionTable = ParseArgsOptionsConfig;

// Parses a command line strictly (unknown options are errors); parseArgs's own error becomes a
// one-line UsageError (exit 2) that names the option.
export function parseOptions<const T extends OptionTable>(argv: string[], options: T) {
  // Fetched, not imported: an import of node:util also loads worker_threads and its diff code, which
  // a short command like `search` would pay for at every start.
  const { parseArgs } = process.getBuiltinModule("node:util");
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error), {
      cause: error,
    });
  }
}
