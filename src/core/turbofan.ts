// V8 compiles a hot function twice over: quickly with Maglev, then again, slower and larger, with
// TurboFan. A backup spends its time waiting for the network, and TurboFan's second compile buys it
// nothing: the same first sync took the same CPU with it and without it (bench/RESULTS.md), while its
// code and its compile zones (short-lived, several MB each, allocated beside the heap) raised the
// peak memory by 6–8 MB, more the longer the run (a 1 × 10,000-chat first sync: 101 MB with it, 93 MB
// without). So the backup runs without it, and commands that compute (rendering, search) keep it.
// Unlike --max-opt, which V8 reads once at start-up, --turbofan is read at each decision to optimize,
// so setting it here takes effect; functions compiled by TurboFan before stay as they are.
const v8 = process.getBuiltinModule("node:v8");

export function stopTurbofan(): void {
  v8.setFlagsFromString("--no-turbofan");
}

export function allowTurbofan(): void {
  v8.setFlagsFromString("--turbofan");
}
