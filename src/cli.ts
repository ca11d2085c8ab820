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
const { runMain } = await import("./main.ts");
await runMain(process.argv.slice(2));
