import { EXIT_CODES } from "../core/errors.ts";
import { allowTurbofan, stopTurbofan } from "../core/turbofan.ts";
import type { CommandIo } from "./io.ts";
import { HELP, parseSyncOptions } from "./sync-options.ts";

// Its options, for shell completion.
export { OPTIONS } from "./sync-options.ts";

// `claude-backup [sync] [backup_dir]`: the backup itself. Returns the exit code. Its help and version
// need none of the backup's modules (the HTTP client, the browser cookie readers, the sync: some 100
// of them and ~20 MB of memory), so those are loaded only for a backup.
export async function run(io: CommandIo): Promise<number> {
  const options = parseSyncOptions(io.argv);
  if (options.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (options.version) {
    io.stdout.write(`claude-backup ${io.version}\n`);
    return EXIT_CODES.ok;
  }
  stopTurbofan(); // before the backup's modules load: none of its code needs it (core/turbofan.ts)
  try {
    const { backUp } = await import("./back-up.ts");
    return await backUp(io, options);
  } finally {
    allowTurbofan();
  }
}
