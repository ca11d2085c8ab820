// Turns measurements into the table printed by `npm run bench` and the text of bench/RESULTS.md.
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import type { Measurement } from "./scenarios.ts";

// One checked aim of the benchmark (from issue 3's "Benchmark" section and issue 4).
export interface Aim {
  text: string;
  ok: boolean;
  // Set when this run cannot decide the aim (a figure from another machine): why, shown instead of a verdict.
  undecided?: string;
}

// A Markdown table, readable as plain text too.
export function renderTable(rows: Measurement[]): string {
  const header = [
    "Run",
    "Chats",
    "Requests",
    "Wall (s)",
    "Chats/s",
    "Ideal chats/s",
    "% of ideal",
    "Requests/s (% of c/latency)",
    "CPU (s)",
    "Peak RSS (MB)",
  ];
  const body = rows.map((m) => {
    const seconds = m.wallMs / 1000;
    const rate = m.chats / seconds;
    return [
      m.label,
      String(m.chats),
      m.expectedRequests === undefined ? String(m.requests) : `${m.requests} (aim ${m.expectedRequests})`,
      seconds.toFixed(2),
      m.idealChatsPerS === undefined ? "–" : rate.toFixed(1),
      m.idealChatsPerS === undefined ? "–" : m.idealChatsPerS.toFixed(0),
      m.idealChatsPerS === undefined ? "–" : `${((100 * rate) / m.idealChatsPerS).toFixed(1)} %`,
      m.idealChatsPerS === undefined
        ? "–"
        : `${(m.requests / seconds).toFixed(1)} (${((100 * m.requests) / seconds / m.idealChatsPerS).toFixed(1)} %)`,
      m.usage ? ((m.usage.userMs + m.usage.systemMs) / 1000).toFixed(2) : "?",
      m.usage ? (m.usage.maxRssKb / 1024).toFixed(0) : "?",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

// The notes each run added (what was killed, requests per second …), as a list.
export function renderNotes(rows: Measurement[]): string {
  return rows.flatMap((m) => m.notes.map((note) => `- ${m.label}: ${note}`)).join("\n");
}

export function renderAims(aims: Aim[]): string {
  return aims
    .map((aim) =>
      aim.undecided
        ? `- [?] ${aim.text}: not decided here, ${aim.undecided}`
        : `- [${aim.ok ? "x" : " "}] ${aim.text}${aim.ok ? "" : "  **MISSED**"}`,
    )
    .join("\n");
}

// A line about the machine, since every figure depends on it; other work on it (the load average
// before the benchmark started) slows every run down.
export function machine(loadBefore: number): string {
  const model = cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = (totalmem() / 1024 ** 3).toFixed(0);
  return `${availableParallelism()} cores (${model}), ${memory} GB RAM, ${process.platform} ${process.arch}, Node.js ${process.version}; load average ${loadBefore.toFixed(1)} before the run, ${currentLoad().toFixed(1)} after`;
}

// The one-minute load average.
export function currentLoad(): number {
  return loadavg()[0] ?? 0;
}

export interface ResultsText {
  loadBefore: number;
  setup: string;
  table: string;
  notes: string;
  aims: string;
  command: string;
  findings: string;
}

// The whole of bench/RESULTS.md.
export function resultsMarkdown(text: ResultsText): string {
  return `# Benchmark results

Written by ${text.command} on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine(text.loadBefore)}.

${text.setup}

${text.table}

${text.notes}

## Aims (issues 3, 4 and 12)

${text.aims}

${text.findings}
`;
}
