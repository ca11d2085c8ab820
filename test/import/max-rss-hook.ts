import { readFileSync, writeSync } from "node:fs";

// Loaded with --import into a CLI child: reports its peak resident memory on stderr as it exits. On
// Linux that is VmHWM from /proc/self/status: getrusage's maxRSS carries the parent's high-water mark
// across fork + exec, so it would read the size of the test process that started the child.
process.on("exit", () => {
  let kb = process.resourceUsage().maxRSS;
  try {
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
    if (Number.isFinite(hwm) && hwm > 0) kb = hwm;
  } catch {
    // not Linux: maxRSS is all there is
  }
  writeSync(2, `\nMAX_RSS_KB ${kb}\n`);
});
