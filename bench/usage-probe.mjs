// Preloaded into the CLI child by the benchmark (`node --import`): when the process exits, writes its
// own resource usage (peak RSS, CPU time) to the file named by BENCH_USAGE_FILE, as run-child.ts's
// ChildUsage. Plain JavaScript on purpose: a .ts preload would load Node's type stripper into the
// measured process, which the published command (dist/cli.js) never does (about 30 MB of RSS).
// A SIGKILLed child writes nothing, as expected.
import { readFileSync, writeFileSync } from "node:fs";

// The process's own peak RSS. getrusage's maxRSS cannot be used: Linux carries the parent's high-water
// mark across fork + exec into the child's, and the parent here holds the fake claude.ai (hundreds of
// MB), so maxRSS never reads below the parent's size. VmHWM in /proc/self/status belongs to the memory
// of this program alone. Elsewhere (macOS) maxRSS is all there is.
function peakRssKb(usage) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
    if (Number.isFinite(kb) && kb > 0) return kb;
  } catch {
    // not Linux
  }
  return usage.maxRSS;
}

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.once("exit", () => {
    const usage = process.resourceUsage();
    const report = {
      maxRssKb: peakRssKb(usage),
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
