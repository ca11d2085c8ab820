import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

// V8's optimization status bits (src/runtime/runtime.h, OptimizationStatus).
const OPTIMIZED = 1 << 4;
const MAGLEVVED = 1 << 5;
const TURBOFANNED = 1 << 6;

// In a fresh Node.js with natives syntax: makes a new function hot after each switch and reports the
// tier V8 settled on. The flag is read when V8 decides to optimize, so switching at run time must work.
test("stopTurbofan keeps hot code on Maglev, and allowTurbofan brings TurboFan back", () => {
  const module = new URL("../../src/core/turbofan.ts", import.meta.url).href;
  const script = `
    const { stopTurbofan, allowTurbofan } = await import(${JSON.stringify(module)});
    const heat = (f) => {
      let status = 0;
      for (let round = 0; round < 100 && !(status & ${TURBOFANNED}); round++) {
        for (let i = 0; i < 20000; i++) f(i);
        status = %GetOptimizationStatus(f);
      }
      return status;
    };
    stopTurbofan();
    const stopped = heat(new Function("x", "let s = 0; for (let i = 0; i < 50; i++) s += (x * i) % 7; return s;"));
    allowTurbofan();
    const allowed = heat(new Function("x", "let s = 1; for (let i = 0; i < 50; i++) s += (x * i) % 5; return s;"));
    process.stdout.write(JSON.stringify({ stopped, allowed }));
  `;
  const { stopped, allowed } = JSON.parse(
    execFileSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", script], {
      encoding: "utf8",
    }),
  ) as { stopped: number; allowed: number };
  assert.ok(
    stopped & OPTIMIZED && stopped & MAGLEVVED,
    `optimized by Maglev (status ${stopped.toString(2)})`,
  );
  assert.equal(stopped & TURBOFANNED, 0, "not by TurboFan");
  assert.ok(allowed & TURBOFANNED, `optimized by TurboFan (status ${allowed.toString(2)})`);
});
