import type { ClientRequest, IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { contentCoding } from "./content-coding.ts";
import { http, https, type OriginAgent, timeoutError } from "./origin-agent.ts";
import type { RawResponse, StreamResponse } from "./transport.ts";
import { decoded, flattenHeaders } from "./whole-answer.ts";

export interface GetOptions {
  path: string; // path and query
  headers: HeaderList; // made once per origin by headerList
  timeoutMs: number; // without a byte (headers, or a gap in the body) for this long, the request fails
  signal?: AbortSignal | undefined;
}

// Request headers as node:http takes them ready-made: [name, value, name, value …], Host first.
// Given an object instead, ClientRequest sets each header into a map of its own on every request
// before writing them out: ~25 µs more per request here, about 1 % of a chats-only sync's CPU
// (bench/RESULTS.md, issue 12). Names and values are still validated as the request is written.
export type HeaderList = readonly string[];

export function headerList(origin: URL, headers: Readonly<Record<string, string>>): HeaderList {
  // URL.host is what node:http would send: the port only when it is not the scheme's default, an
  // IPv6 address in brackets.
  return ["host", origin.host, ...Object.entries(headers).flat()];
}

// One GET through the origin's agent; resolves once the answer's headers are in. Redirects are never
// followed (node:http does not): a 3xx is an answer like any other.
export function sendGet(target: OriginAgent, options: GetOptions): Promise<IncomingMessage> {
  const { origin } = target;
  const secure = origin.protocol === "https:";
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    const request = (secure ? https : http).request({
      host: origin.hostname,
      port: origin.port || (secure ? 443 : 80),
      path: options.path,
      method: "GET",
      headers: options.headers,
      agent: target.agent,
    });
    if (options.signal) abortWith(options.signal, request);
    let answered = false;
    request.setTimeout(options.timeoutMs, () =>
      request.destroy(timeoutError(`no answer from ${origin.host} for ${options.timeoutMs / 1000} s`)),
    );
    request.once("response", (response) => {
      answered = true;
      resolve(response);
    });
    // Before the answer, an error is the request's; after it, the body reports it (see readWhole).
    request.on("error", (error) => {
      if (!answered) reject(target.explain(abortReason(error, options.signal)));
    });
    request.end();
  });
}

// A GET whose whole answer is wanted (JSON of a few kB to a few MB): the chunks are kept as they come
// and decompressed in one call once complete, rather than through a zlib stream per answer.
export async function getWhole(target: OriginAgent, options: GetOptions): Promise<RawResponse> {
  const response = await sendGet(target, options);
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.once("end", resolve);
    response.once("error", (error) => reject(abortReason(error, options.signal)));
  });
  const headers = flattenHeaders(response.headers);
  const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  return { status: response.statusCode ?? 0, headers, body: decoded(headers, raw) };
}

// A GET whose body is read as it arrives (files can be far larger than memory), decompressed on the
// way when the server compressed it; the headers then describe the decompressed bytes.
export async function getStream(target: OriginAgent, options: GetOptions): Promise<StreamResponse> {
  const response = await sendGet(target, options);
  const headers = flattenHeaders(response.headers);
  // One coding only: several (never asked for) are left as they are.
  const decoder = contentCoding(headers["content-encoding"])?.stream();
  let body: Readable = response;
  if (decoder) {
    delete headers["content-encoding"];
    delete headers["content-length"];
    response.once("error", (error) => decoder.destroy(error));
    body = response.pipe(decoder);
  }
  return {
    status: response.statusCode ?? 0,
    headers,
    body,
    dump: () =>
      new Promise<void>((resolve) => {
        if (response.readableEnded || response.destroyed) return resolve();
        response.once("end", resolve);
        response.once("close", resolve);
        response.once("error", () => resolve());
        response.resume();
      }),
  };
}

// The requests in flight under each signal (a run's one signal, in practice). Given to http.request,
// a signal costs an abort listener added and removed per request on an EventTarget, which Node
// implements in JavaScript: about a quarter of a CPU second per thousand requests here (bench/RESULTS.md,
// issue 12). One listener per signal destroys them all instead; a request leaves the set once closed.
const inFlight = new WeakMap<AbortSignal, Set<ClientRequest>>();

function abortWith(signal: AbortSignal, request: ClientRequest): void {
  let requests = inFlight.get(signal);
  if (!requests) {
    const set = new Set<ClientRequest>();
    requests = set;
    inFlight.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        for (const each of set) each.destroy(signal.reason as Error);
        set.clear();
      },
      { once: true },
    );
  }
  requests.add(request);
  request.once("close", () => requests.delete(request));
}

// An abort comes out as the signal's reason (an AbortError), as it did with undici.
function abortReason(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? signal.reason : error;
}
