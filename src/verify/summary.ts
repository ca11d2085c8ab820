import type { Problem } from "./problem.ts";
import type { VerifyReport } from "./verify-backup.ts";

const count = new Intl.NumberFormat("en-US");

// `1,234 chats, 56 files checked; 3 problems (2 for --repair, 1 for the next sync)`.
export function summaryLine(report: VerifyReport, repaired?: readonly Problem[]): string {
  const checked = `${plural(report.chats, "chat")}, ${plural(report.files, "file")} checked`;
  const left = report.problems.length;
  const byFix = countBy(report.problems, (p) => p.fix);
  const parts = [
    byFix.repair ? `${count.format(byFix.repair)} for --repair` : "",
    byFix.sync ? `${count.format(byFix.sync)} for the next sync` : "",
    byFix.manual ? `${count.format(byFix.manual)} to fix by hand` : "",
  ].filter(Boolean);
  const found = left === 0 ? "no problems" : `${plural(left, "problem")}${repaired ? " left" : ""}`;
  const fixes = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  const done = repaired ? `; ${count.format(repaired.length)} repaired` : "";
  return `${checked}; ${found}${fixes}${done}`;
}

// The `--json` object: what was checked, the problems (with who can fix them) and their counts.
export function reportJson(report: VerifyReport, repaired?: readonly Problem[]): string {
  const plain = (p: Problem) => ({ kind: p.kind, path: p.path, detail: p.detail, fix: p.fix });
  const value = {
    root: report.root,
    checked: { chats: report.chats, files: report.files, manifests: report.manifests },
    counts: {
      problems: report.problems.length,
      byKind: countBy(report.problems, (p) => p.kind),
      byFix: countBy(report.problems, (p) => p.fix),
    },
    problems: report.problems.map(plain),
    ...(repaired ? { repaired: repaired.map(plain) } : {}),
  };
  // JSON.stringify leaves DEL and the C1 controls raw; a terminal may act on them (CSI is U+009B).
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// How many problems of each kind, e.g. for `repaired 3 open-permissions, 1 temp-file`.
export function countBy(problems: readonly Problem[], key: (p: Problem) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const problem of problems) counts[key(problem)] = (counts[key(problem)] ?? 0) + 1;
  return counts;
}

function plural(n: number, word: string): string {
  return `${count.format(n)} ${word}${n === 1 ? "" : "s"}`;
}
