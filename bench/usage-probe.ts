// Preloaded into the CLI child by the benchmark (`node --import`): when the process exits, writes its
// own resource usage (peak RSS, CPU time) to the file named by BENCH_USAGE_FILE. This keeps every
// benchmark measurement out of the CLI itself. A SIGKILLed child writes nothing, as expected.
import { writeFileSync } from "node:fs";

// What the benchmark reads back.
export interface ChildUsage {
  maxRssKb: number; // peak resident set size (kilobytes, as getrusage reports it)
  userMs: number;
  systemMs: number;
}

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.once("exit", () => {
    const usage = process.resourceUsage();
    const report: ChildUsage = {
      maxRssKb: usage.maxRSS,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
