import type { Socket } from "node:net";
import type { AnswerHead } from "./answer-parser.ts";
import { Connection, type Exchange } from "./connection.ts";
import type { Pacer } from "./pacer.ts";

export interface PoolOptions {
  connections: number; // at most this many open (or being opened) at once
  timeoutMs: number; // an answer that sends nothing for this long fails; an idle connection closes
  head: string; // the request head after the request line: "\r\nhost: …\r\n…\r\n\r\n" (request-head.ts)
  connect: () => Socket | Promise<Socket>; // a new connection to the origin (origin-connector.ts)
  silence: () => Error; // the error for an answer that stopped coming
  explain: (error: unknown) => unknown; // names the proxy in a network error, if there is one
  pacer?: Pacer | undefined; // when a request may be written (spacing, a 429's pause); none: at once
}

export interface ConnectionPool {
  // Sends a GET for `path` (path and query) on a free connection, or on the first to come free.
  // `first`: a retry, which goes ahead of the GETs in line (they came after it).
  get(path: string, exchange: Exchange, signal?: AbortSignal, first?: boolean): void;
  close(): void;
}

// Connections to one origin, at most `connections` of them, kept alive and reused from one GET to the
// next (most recently used first, so that a spare one times out). GETs beyond the cap wait in line, in
// order, and the first in line is written the moment a connection comes free, from the same read that
// ended the answer before it: so the sync keeps a GET in line per connection (sync/task-queue.ts), and
// a connection does not idle while the answer it just carried is decoded, parsed and saved.
export function createConnectionPool(options: PoolOptions): ConnectionPool {
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const waiting: Job[] = [];
  let opening = 0;
  let closed = false;
  let wake: NodeJS.Timeout | undefined; // the pacer's next turn, for the GETs in line
  let judging: NodeJS.Immediate | undefined;

  const events = {
    idle(connection: Connection, succeeded: boolean) {
      // The server said it closes this connection about now: a new one is opened for whoever waits.
      if (!connection.usable) return connection.destroy();
      idle.push(connection);
      // After anything but a success the next GET waits until that answer has been judged, which its
      // reader does in the microtasks that follow: a 401 or a Cloudflare challenge stops the run, a
      // 429 pauses the pacer, before another request goes out.
      if (succeeded) drain();
      else
        judging ??= setImmediate(() => {
          judging = undefined;
          drain();
        });
    },
    gone(connection: Connection) {
      all.delete(connection);
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      openForLine();
    },
  };

  const start = (connection: Connection, job: Job) => {
    job.connection = connection;
    connection.run(`GET ${job.path} HTTP/1.1${options.head}`, job);
  };

  // Writes the GETs in line on free connections, as far as the pacer lets them go.
  const drain = () => {
    while (!closed && waiting.length > 0) {
      const connection = takeIdle();
      if (!connection) return openForLine();
      const delay = options.pacer?.wait() ?? 0;
      if (delay > 0) {
        idle.push(connection);
        wake ??= setTimeout(() => {
          wake = undefined;
          drain();
        }, delay);
        return;
      }
      options.pacer?.started();
      start(connection, waiting.shift() as Job);
    }
  };

  // In line (`first`: at its head, for a GET tried again), then on a free connection if there is one.
  const dispatch = (job: Job, first: boolean) => {
    if (first) waiting.unshift(job);
    else waiting.push(job);
    drain();
  };

  // A GET whose kept-alive connection went stale under it goes again, first in line.
  const resend = (job: Job, error: unknown) => {
    if (closed) return job.fail(error);
    job.connection = undefined;
    dispatch(job, true);
  };

  const takeIdle = (): Connection | undefined => {
    for (let connection = idle.pop(); connection; connection = idle.pop()) {
      if (connection.usable) return connection;
      connection.destroy();
    }
    return undefined;
  };

  // As many new connections as the GETs in line need, within the cap.
  const openForLine = () => {
    while (!closed && opening < waiting.length && all.size + opening < options.connections) open();
  };

  const open = () => {
    opening++;
    const made = (socket: Socket) => {
      opening--;
      const connection = new Connection(socket, options.timeoutMs, events, options.silence);
      all.add(connection);
      if (closed) connection.destroy();
      else events.idle(connection, true);
    };
    const failed = (error: unknown) => {
      opening--;
      // The oldest waiting GET hears why (a proxy's refusal, say); the others wait for the next try.
      waiting.shift()?.fail(error);
      openForLine();
    };
    try {
      const socket = options.connect();
      if (socket instanceof Promise) socket.then(made, failed);
      else made(socket);
    } catch (error) {
      failed(error);
    }
  };

  // The GETs in flight under each signal (a run's one signal, in practice). An abort listener per GET
  // would be added and removed on an EventTarget, which Node implements in JavaScript, a thousand
  // times a sync (bench/RESULTS.md, issue 12); one listener per signal ends them all instead.
  const bySignal = new WeakMap<AbortSignal, Set<Job>>();
  const track = (signal: AbortSignal, job: Job) => {
    let jobs = bySignal.get(signal);
    if (!jobs) {
      const created = new Set<Job>();
      jobs = created;
      bySignal.set(signal, created);
      signal.addEventListener("abort", () => abortAll(created, signal.reason), { once: true });
    }
    jobs.add(job);
    job.tracked = jobs;
  };
  // A GET on a connection closes it; one still waiting leaves the queue. Either hears the signal's
  // reason (an AbortError).
  const abortAll = (jobs: Set<Job>, reason: unknown) => {
    for (const job of [...jobs]) {
      if (job.connection) job.connection.abort(reason);
      else {
        const at = waiting.indexOf(job);
        if (at >= 0) waiting.splice(at, 1);
        job.fail(reason);
      }
    }
    jobs.clear();
  };

  return {
    get(path, exchange, signal, first = false) {
      if (!/^\/[\x21-\x7e]*$/.test(path)) throw new TypeError(`not a request path: ${JSON.stringify(path)}`);
      if (closed) return exchange.fail(new Error("the connection pool is closed"));
      if (signal?.aborted) return exchange.fail(signal.reason);
      const job = new Job(path, exchange, options.explain, resend);
      if (signal) track(signal, job);
      dispatch(job, first);
    },
    close() {
      closed = true;
      clearTimeout(wake);
      clearImmediate(judging);
      for (const job of waiting.splice(0)) job.fail(new Error("the connection pool is closed"));
      for (const connection of all) connection.destroy();
      idle.length = 0;
    },
  };
}

// One GET: its path, the exchange that hears its answer, and the connection carrying it once it has one.
class Job implements Exchange {
  readonly path: string;
  connection: Connection | undefined;
  tracked: Set<Job> | undefined; // its signal's GETs in flight, which it leaves once over
  private readonly target: Exchange;
  private readonly explain: (error: unknown) => unknown;
  private resend: ((job: Job, error: unknown) => void) | undefined; // once only: a second stale connection fails it

  constructor(
    path: string,
    target: Exchange,
    explain: (error: unknown) => unknown,
    resend: (job: Job, error: unknown) => void,
  ) {
    this.path = path;
    this.target = target;
    this.explain = explain;
    this.resend = resend;
  }

  head(head: AnswerHead, connection: Connection): void {
    this.target.head(head, connection);
  }

  body(chunk: Buffer): void {
    this.target.body(chunk);
  }

  end(): void {
    this.tracked?.delete(this);
    this.target.end();
  }

  fail(error: unknown, stale = false): void {
    const resend = this.resend;
    this.resend = undefined;
    if (stale && resend) resend(this, error);
    else {
      this.tracked?.delete(this);
      this.target.fail(this.explain(error));
    }
  }
}
