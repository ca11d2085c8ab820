// Preloaded into the CLI child by the benchmark (`node --import`): when the process exits, writes its
// own resource usage (peak RSS, CPU time) to the file named by BENCH_USAGE_FILE, as run-child.ts's
// ChildUsage. Plain JavaScript on purpose: a .ts preload would load Node's type stripper into the
// measured process, which the published command (dist/cli.js) never does (about 30 MB of RSS).
// A SIGKILLed child writes nothing, as expected.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.once("exit", () => {
    const usage = process.resourceUsage();
    const report = {
      maxRssKb: usage.maxRSS,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
