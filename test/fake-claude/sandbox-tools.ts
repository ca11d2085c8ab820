// Sandbox tool calls (create_file, str_replace, bash_tool, present_files) and the files they leave in
// the conversation's container, so wiggle downloads and a JSON replay can be compared (docs/claude-api.md §7).

import { pngImage } from "./png.ts";
import { OUTPUTS_DIR } from "./sandbox.ts";
import { type ToolContext, textResult, toolPair } from "./tool-blocks.ts";
import type { ContentBlock } from "./types.ts";

export interface SandboxWrite {
  path: string;
  bytes: Buffer;
}

export interface ToolRun {
  blocks: ContentBlock[];
  // The container's files after the calls, in the order they were written.
  writes: SandboxWrite[];
}

const OUTPUT_NAMES: readonly string[] = ["report.md", "analysis.py", "summary – final.md", "notes 📝.txt"];

function fileText(ctx: ToolContext, name: string): string {
  const tag = ctx.rng.hex(8);
  if (name.endsWith(".py")) {
    return `import csv\n\n\ndef total(rows):\n    return sum(int(r["flour_g"]) for r in rows)\n\n\nprint("run ${tag}")\n`;
  }
  return `# Résumé ${tag}\n\nFlour: 500 g\nWater: 375 g\nHydration: 75 %\n\n— generated in the sandbox\n`;
}

// One run of sandbox tools: a file created (sometimes edited), sometimes a chart, then presented.
export function sandboxRun(ctx: ToolContext, contentKey: string): ToolRun {
  const { rng } = ctx;
  const name = rng.pick(OUTPUT_NAMES);
  const path = `${OUTPUTS_DIR}/${name}`;
  let text = fileText(ctx, name);
  const blocks = toolPair(
    ctx,
    "create_file",
    { description: `Create ${name}`, path, file_text: text },
    textResult(`File created successfully: ${path}`),
    "Creating file",
  );
  if (rng.chance(0.5)) {
    const line = text.split("\n").find((l) => l !== "" && text.split(l).length === 2) ?? text;
    const replacement = `${line} (edited ${rng.hex(4)})`;
    blocks.push(
      ...toolPair(
        ctx,
        "str_replace",
        { description: "Fix a line", path, old_str: line, new_str: replacement },
        textResult(`Successfully replaced string in ${path}`),
        "Editing file",
      ),
    );
    text = text.replace(line, () => replacement);
  }
  const writes: SandboxWrite[] = [{ path, bytes: Buffer.from(text) }];
  if (rng.chance(0.5)) {
    const chart = `${OUTPUTS_DIR}/chart.png`;
    blocks.push(
      ...toolPair(
        ctx,
        "bash_tool",
        { command: `cd ${OUTPUTS_DIR} && python3 plot.py`, description: "Plot the data" },
        textResult(JSON.stringify({ returncode: 0, stdout: "Saved chart.png\n", stderr: "" })),
        "Running command",
      ),
    );
    writes.push({ path: chart, bytes: pngImage(`${contentKey}/chart`, 40, 30) });
  }
  blocks.push(
    ...toolPair(
      ctx,
      "present_files",
      { filepaths: writes.map((w) => w.path) },
      writes.map((w) => ({ type: "text", text: w.path })),
      "Presenting files",
    ),
  );
  return { blocks, writes };
}
