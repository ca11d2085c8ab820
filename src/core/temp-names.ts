// The temp files the writer makes next to its target (`.claude-backup-<hex>.tmp`), and the probe
// files of the name-limit probe (`.claude-backup-probe-<hex>-xxx…`). The reader skips them, verify
// reports them, and a run that holds the lock removes those a killed run left.
const TEMP_FILE = /^\.claude-backup-(?:[0-9a-f]+\.tmp|probe-[0-9a-f]+-x*)$/;

// True for the name of a file that only lives while a run writes it.
export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name);
}
