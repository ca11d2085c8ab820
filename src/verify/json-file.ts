import { readFile } from "node:fs/promises";
import { type Problem, reasonOf } from "./problem.ts";

// A file's parsed JSON, or why it could not be had: gone (a sync renamed it meanwhile), unreadable
// (permissions, I/O error: `read` is true), or not JSON.
export type JsonResult =
  | { ok: true; value: unknown }
  | { ok: false; gone: boolean; read: boolean; reason: string };

// Reads and parses a JSON file once.
export async function readJson(path: string): Promise<JsonResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const gone = (error as NodeJS.ErrnoException).code === "ENOENT";
    return { ok: false, gone, read: true, reason: `cannot be read: ${reasonOf(error)}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, gone: false, read: false, reason: `does not parse as JSON (${reasonOf(error)})` };
  }
}

// The problem for a file that could not be read at all (rather than read and found wrong).
export function unreadableJson(path: string, result: JsonResult): Problem | undefined {
  return !result.ok && result.read && !result.gone
    ? { kind: "unreadable", path, detail: result.reason, fix: "manual" }
    : undefined;
}
