import { readFile } from "node:fs/promises";
import { reasonOf } from "./problem.ts";

// A file's parsed JSON, or why it could not be had. Gone (a sync renamed it meanwhile) is its own case.
export type JsonResult = { ok: true; value: unknown } | { ok: false; gone: boolean; reason: string };

// Reads and parses a JSON file once.
export async function readJson(path: string): Promise<JsonResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return { ok: false, gone: (error as NodeJS.ErrnoException).code === "ENOENT", reason: reasonOf(error) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, gone: false, reason: `does not parse as JSON (${reasonOf(error)})` };
  }
}
