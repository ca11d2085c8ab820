// Loaded into every test process (npm test's --import): a process warning (a deprecation, an experimental
// feature, a MaxListenersExceeded leak, an unhandled rejection turned warning) fails the test file
// instead of scrolling by unseen.
process.on("warning", (warning) => {
  process.exitCode = 1;
  throw new Error(`unexpected process warning: ${warning.name}: ${warning.message}`);
});
