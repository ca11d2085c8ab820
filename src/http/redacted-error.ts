import { redact } from "../core/errors.ts";

// The fields copied onto a redacted copy. Own properties come along too; these may be getters on the
// prototype (DOMException's name, message and code are), which a bare copy could not read.
const COPIED = ["name", "message", "code", "cause", "stack"] as const;

// An error with every secret taken out of its message and stack, as a copy: the original is never
// changed, because some errors cannot be (an abort's DOMException has a getter-only message, and
// assigning it throws a TypeError that would hide the real error). The copy keeps the class (same
// prototype: instanceof still works), the code and the cause. An error with nothing to hide, and
// anything that is not an Error, passes through as it is.
export function redactedError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  const message = redact(error.message, secrets);
  const stack = error.stack === undefined ? undefined : redact(error.stack, secrets);
  if (message === error.message && stack === error.stack) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor) Object.defineProperty(copy, key, descriptor);
  }
  for (const key of COPIED) {
    if (Object.hasOwn(error, key) && key !== "message" && key !== "stack") continue; // copied above
    let value: unknown;
    try {
      value = (error as unknown as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    if (value === undefined && !Object.hasOwn(error, key)) continue;
    if (key === "message") value = message;
    if (key === "stack") value = stack;
    Object.defineProperty(copy, key, { value, writable: true, configurable: true, enumerable: false });
  }
  return copy;
}
