import { StoreError } from "./errors.ts";

// Why a file operation failed, in words a person can act on.
const REASONS: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENAMETOOLONG: "the file name is too long for this file system",
  ENOENT: "a folder on the way does not exist",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "a folder is in the way",
  EMFILE: "too many open files",
  EIO: "an input/output error (failing disk?)",
};

// Wraps a failed fs call into a one-line StoreError: what we tried, and why it failed.
export function storeError(error: unknown, doing: string): StoreError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return new StoreError("STORAGE", `${doing}: ${reason}${code ? ` (${code})` : ""}`, { cause: error });
}
