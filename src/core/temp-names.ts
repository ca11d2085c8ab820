// The temp files the writer makes next to its target (`.claude-backup-<hex>.tmp`), and the probe
// files of the name-limit probe (`.claude-backup-probe-<hex>-xxx…`). The reader skips them, verify
// reports them, and a run that holds the lock removes those a killed run left.
const TEMP_FILE = /^\.claude-backup-(?:[0-9a-f]+\.tmp|probe-[0-9a-f]+-x*)$/;

// True for the name of a file that only lives while a run writes it.
export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name);
}

// A fresh temp file name (`.claude-backup-<12 hex digits>.tmp`): a random start, then a counter. One
// random draw per name cost a crypto call per file written (0.2 s of a first sync's main thread);
// names only need to differ from those of the same run, and from a killed run's leftovers, which the
// random start takes care of (and an exclusive create refuses a clash rather than write over it).
let nextTemp = Math.floor(Math.random() * 2 ** 47);
export function newTempName(): string {
  nextTemp = (nextTemp + 1) % 2 ** 48;
  return `.claude-backup-${nextTemp.toString(16).padStart(12, "0")}.tmp`;
}
