import assert from "node:assert/strict";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ZipFile } from "yazl";
import { runCli, tempDir } from "../helpers/run-cli.ts";
import { exportChat } from "./helpers.ts";

// A multi-GB export must stream: neither conversations.json nor the zip is ever whole in memory. A
// 100 MB export is imported by the real CLI in a child process, whose peak RSS must not grow by
// anything near the export's size compared with importing a single chat. (100 MB, not less: the
// growth has a fixed part of 30-40 MB, GC slack of the buffers in flight, that a small export's
// bound cannot tell from holding it.)

const HOOK = fileURLToPath(new URL("./max-rss-hook.ts", import.meta.url));
const SIZE_MB = Number(process.env.IMPORT_MEM_MB ?? 100);

// Writes conversations.json of about `mb` megabytes, chat by chat (never whole in this process either).
async function writeBigExport(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path);
  const filler = "The quick brown fox jumps over the lazy dog. ".repeat(1100); // ~50 KB a chat
  let written = 0;
  let count = 0;
  out.write("[");
  while (written < mb * 1024 * 1024) {
    const chunk = `${count > 0 ? "," : ""}${JSON.stringify(exportChat({ text: `${count} ${filler}` }))}`;
    written += chunk.length;
    count++;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end("]");
  await once(out, "finish");
  return count;
}

async function peakRssKb(args: string[]): Promise<number> {
  const run = await runCli(args, { env: { NODE_OPTIONS: `--import ${HOOK}` }, timeoutMs: 240_000 });
  assert.equal(run.code, 0, run.stderr);
  const match = /MAX_RSS_KB (\d+)/.exec(run.stderr);
  assert.ok(match, run.stderr);
  return Number(match[1]);
}

describe("import: memory", { timeout: 300_000 }, () => {
  test(`a ${SIZE_MB} MB conversations.json, bare and zipped, is imported without holding it`, async (t) => {
    const temp = await tempDir("claude-backup-import-mem-");
    try {
      const small = join(temp.path, "small.json");
      const smallCount = await writeBigExport(small, 0.01);
      const big = join(temp.path, "conversations.json");
      const count = await writeBigExport(big, SIZE_MB);
      const zip = join(temp.path, "data-2025-10-06-00-55-16-batch-0000.zip");
      const zipFile = new ZipFile();
      zipFile.addFile(big, "conversations.json");
      zipFile.end();
      await pipeline(zipFile.outputStream, createWriteStream(zip));

      const baseline = await peakRssKb(["import", "--dir", join(temp.path, "b0"), small]);
      const bare = await peakRssKb(["import", "--dir", join(temp.path, "b1"), big]);
      const zipped = await peakRssKb(["import", "--dir", join(temp.path, "b2"), zip]);
      const files = await readdir(join(temp.path, "b1", "organizations"));
      assert.equal(files.length, 1);
      assert.equal(
        (await readdir(join(temp.path, "b1", "organizations", files[0] ?? "", "chat_conversations"))).length,
        count,
      );
      assert.ok(smallCount >= 1);
      t.diagnostic(
        `peak RSS: one chat ${Math.round(baseline / 1024)} MB, ${SIZE_MB} MB bare ${Math.round(bare / 1024)} MB, zipped ${Math.round(zipped / 1024)} MB (${count} chats)`,
      );
      // Measured (the child's own VmHWM): +30-40 MB at 50 MB, +45 MB at 150 MB, so it does not follow the
      // size; holding the export would grow by its whole size.
      const limitKb = SIZE_MB * 0.7 * 1024;
      for (const [what, peak] of [
        ["bare", bare],
        ["zipped", zipped],
      ] as const) {
        assert.ok(
          peak - baseline < limitKb,
          `${what}: peak RSS ${Math.round(peak / 1024)} MB vs ${Math.round(baseline / 1024)} MB for one chat`,
        );
      }
    } finally {
      await temp.cleanup();
    }
  });
});
