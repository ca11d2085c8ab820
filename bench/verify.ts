// Times `claude-backup verify` on a generated archive: 10,000 chats (~16 KB each) and 1,000 stored
// files (64 KB each, with manifests and hard links). Not a test; run it by hand:
//   node bench/verify.ts [chats] [files]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../test/helpers/run-in-process.ts";
import { addManyStoredFiles, writeOriginalFolder } from "../test/verify/original-folder.ts";

const chats = Number(process.argv[2] ?? 10_000);
const files = Number(process.argv[3] ?? 1_000);
const root = await mkdtemp(join(tmpdir(), "claude-backup-verify-bench-"));
try {
  let started = performance.now();
  const { orgDir, chatPaths } = await writeOriginalFolder(root, {
    chats,
    messageBytes: 2000,
    fileMode: 0o600,
    dirMode: 0o700,
  });
  await addManyStoredFiles(root, orgDir, chatPaths, files, 64 * 1024);
  console.log(
    `generated ${chats} chats and ${files} stored files in ${Math.round(performance.now() - started)} ms`,
  );
  for (const run of [1, 2, 3]) {
    started = performance.now();
    const result = await runInProcess(["verify", "--dir", root]);
    const ms = Math.round(performance.now() - started);
    console.log(`run ${run}: exit ${result.code} in ${ms} ms; ${result.stderr.trim()}`);
  }
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  await rm(root, { recursive: true, force: true });
}
