import { createRequire } from "node:module";
import type * as Undici from "undici";

// The parts of undici a sync uses, loaded one by one. undici's index loads all of it (fetch, WebSocket,
// caches, mocks, SQLite cache store): 12 MB more resident memory at start-up, before any request
// (69 against 57 MB, bench/RESULTS.md). undici has no `exports` map, so these paths are public in the
// package's own terms; the types are the index's. test/http/undici-parts.test.ts checks they are
// undici's own classes and that the sync loads nothing else.
const require = createRequire(import.meta.url);

export const Pool = require("undici/lib/dispatcher/pool.js") as typeof Undici.Pool;
export const ProxyAgent = require("undici/lib/dispatcher/proxy-agent.js") as typeof Undici.ProxyAgent;
export const decompressInterceptor =
  require("undici/lib/interceptor/decompress.js") as typeof Undici.interceptors.decompress;

// What the index also does: `request`, `connect` (ProxyAgent's CONNECT tunnels) … as methods of every
// dispatcher. Assigning the same functions again is harmless if something loads the index too.
const Dispatcher = require("undici/lib/dispatcher/dispatcher.js") as typeof Undici.Dispatcher;
Object.assign(Dispatcher.prototype, require("undici/lib/api/index.js"));
