#!/usr/bin/env node
// Entry point. Kept free of static imports so that an old Node.js gets a clear message instead of a
// syntax or module error from code it cannot run.
import { MIN_NODE } from "./version-check.ts";

const [major = 0, minor = 0, patch = 0] = process.versions.node.split(".").map(Number);
const [needMajor, needMinor, needPatch] = MIN_NODE;
const tooOld =
  major < needMajor ||
  (major === needMajor && (minor < needMinor || (minor === needMinor && patch < needPatch)));
if (tooOld) {
  process.stderr.write(
    `claude-backup: needs Node.js ${MIN_NODE.join(".")} or newer (Node 22 LTS or 24 LTS); this is ${process.version}. Install a current Node.js from https://nodejs.org and run it again.\n`,
  );
  process.exit(11);
}
// V8 doubles the young generation each time as many bytes have survived its scavenges as it holds,
// up to 32 MB per semi-space here: a sync allocates ~100 kB per chat and always has a few chats in
// flight, so within a few thousand chats the young generation is 64 MB of resident memory holding
// mostly garbage, whatever the code does (a peak of 150–250 MB for 3 × 1,000 chats). Kept at its
// first size (1 MB semi-spaces) the same sync peaks ~40 MB lower for a few more, still cheap,
// scavenges (bench/RESULTS.md). The growth factor is read at every growth, so setting it here, before
// the work starts, takes effect; the semi-space size flags are read once at start-up and would not.
const v8 = process.getBuiltinModule("node:v8");
v8.setFlagsFromString("--semi-space-growth-factor=1");
// After each full collection V8 lets the old generation grow to up to 4 times what survived it before
// the next one, on a machine with memory to spare. The objects of requests in flight and chats being
// saved outlive those small scavenges, so a sync promotes ~1 MB/s of them, each chat's body buffer
// with them; when one collection early in a run picked the factor of 4 (it depends on timing), the
// heap grew to 50 MB with 30 MB of dead buffers beside it, and a 10,000-chat sync peaked at 125–143 MB
// instead of ~100 (bench/RESULTS.md). A fixed 1.15 keeps dead objects to a seventh of the live ones,
// for a full collection every few seconds (each a few milliseconds, most of it on V8's helper
// thread). Read at every collection, like the growth factor above.
v8.setFlagsFromString("--heap-growing-percent=15");
// V8's compiled code for our modules, kept on disk (the OS temp folder) and reused by the next run:
// a short command like `search` spends much of its time compiling the same code every time. Node
// 22.1+ has it; NODE_DISABLE_COMPILE_CACHE=1 turns it off; a cache that cannot be written is ignored.
process.getBuiltinModule("node:module").enableCompileCache?.();
const { runMain } = await import("./main.ts");
await runMain(process.argv.slice(2));
