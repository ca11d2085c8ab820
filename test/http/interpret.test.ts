import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountRefusedError, ApiError, AuthError, BlockedError, EXIT_CODES } from "../../src/core/errors.ts";
import { interpretResponse } from "../../src/http/interpret.ts";
import { TransientError } from "../../src/http/transient-error.ts";
import type { RawResponse } from "../../src/http/transport.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");

function answer(status: number, body: string, headers: Record<string, string> = {}): RawResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: Buffer.from(body) };
}

const sessionInvalid = JSON.stringify({
  type: "error",
  error: {
    type: "permission_error",
    message: "Invalid authorization",
    details: { error_code: "account_session_invalid", error_visibility: "user_facing" },
  },
  request_id: "req_1",
});

test("a 200 JSON answer keeps its exact bytes", () => {
  const body = '{"a":"é","b":[1,2]}';
  const result = interpretResponse(answer(200, body), "x", NOW);
  assert.equal(result.body.toString("utf8"), body);
  assert.deepEqual(result.json, { a: "é", b: [1, 2] });
});

test("invalid or cut JSON is transient (never saved)", () => {
  assert.throws(
    () => interpretResponse(answer(200, '{"a":'), "x", NOW),
    (e) => e instanceof TransientError && e.kind === "malformed",
  );
  assert.throws(
    () => interpretResponse(answer(200, "{}", { "content-length": "10" }), "x", NOW),
    (e) => e instanceof TransientError && e.kind === "malformed",
  );
});

test("the expired-session 403 is an AuthError", () => {
  assert.throws(() => interpretResponse(answer(403, sessionInvalid), "x", NOW), AuthError);
});

test("a 403 for one organization is FORBIDDEN, other JSON 403s are a block", () => {
  const org = JSON.stringify({
    type: "error",
    error: { type: "permission_error", message: "Invalid authorization for organization" },
  });
  assert.throws(
    () => interpretResponse(answer(403, org), "x", NOW),
    (e) => e instanceof ApiError && e.code === "FORBIDDEN",
  );
  const region = JSON.stringify({
    type: "error",
    error: { type: "permission_error", message: "We are unable to serve your request" },
  });
  assert.throws(() => interpretResponse(answer(403, region), "x", NOW), BlockedError);
});

test("a 403 'Missing permissions' is the account refused, not a VPN block", () => {
  const missing = JSON.stringify({
    type: "error",
    error: { type: "permission_error", message: "Missing permissions. Please check with Anthropic support." },
  });
  assert.throws(
    () => interpretResponse(answer(403, missing), "x", NOW),
    (e) =>
      e instanceof AccountRefusedError &&
      e.exitCode === EXIT_CODES.accountRefused &&
      /missing permissions/i.test(e.message) &&
      /Anthropic support/.test(e.message) &&
      !/VPN/.test(e.message),
  );
});

test("Cloudflare's HTML challenge is a transient challenge", () => {
  const page = answer(403, "<!DOCTYPE html><title>Just a moment...</title>", {
    "content-type": "text/html",
    "cf-mitigated": "challenge",
  });
  assert.throws(
    () => interpretResponse(page, "x", NOW),
    (e) => e instanceof TransientError && e.kind === "challenge",
  );
});

test("429 carries Retry-After; 5xx is transient; 3xx is never followed; 404 is NOT_FOUND", () => {
  assert.throws(
    () => interpretResponse(answer(429, "{}", { "retry-after": "7" }), "x", NOW),
    (e) => e instanceof TransientError && e.kind === "rate_limit" && e.retryAfterMs === 7000,
  );
  assert.throws(
    () => interpretResponse(answer(502, "bad gateway", { "content-type": "text/plain" }), "x", NOW),
    TransientError,
  );
  assert.throws(
    () => interpretResponse(answer(302, "", { location: "/login" }), "x", NOW),
    (e) => e instanceof BlockedError && e.code === "REDIRECTED",
  );
  assert.throws(
    () => interpretResponse(answer(404, "{}"), "x", NOW),
    (e) => e instanceof ApiError && e.code === "NOT_FOUND",
  );
});
