import { writeSync } from "node:fs";

// Loaded with --import into a CLI child: reports its peak resident memory on stderr as it exits.
process.on("exit", () => {
  writeSync(2, `\nMAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
