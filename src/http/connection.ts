import type { Socket } from "node:net";
import { type AnswerHead, AnswerParser } from "./answer-parser.ts";

// One kept-alive HTTP/1.1 connection carrying one GET at a time (connection-pool.ts hands them out).
//
// Why not node:http: a chats-only first sync is a thousand small GETs, and node:http's client made
// each one a ClientRequest, an IncomingMessage (a Readable stream), agent bookkeeping and a dozen
// listeners: about 0.7 ms of CPU per request on the benchmark machine, against 0.3 ms for the same
// GETs written and parsed here, the biggest share of the sync's CPU left (bench/RESULTS.md, issue 12).
// What a GET client needs of HTTP/1.1 is small: one request written as a string, and an answer
// read by answer-parser.ts.

// What a request hears of its answer: the head, then body chunks, then end, or a failure at any point.
export interface Exchange {
  head(head: AnswerHead, connection: Connection): void;
  body(chunk: Buffer): void;
  end(): void;
  // `stale`: the connection had carried answers before and closed before a byte of this one came,
  // as a server closing an idle kept-alive connection does just as the request goes out. Nothing of
  // the request was answered, so a GET may be sent again at once (browsers and undici do the same).
  fail(error: unknown, stale?: boolean): void;
}

export interface ConnectionEvents {
  // The answer is over and the connection may carry another request; `succeeded`: it was a 2xx.
  idle(connection: Connection, succeeded: boolean): void;
  // The connection is closed for good.
  gone(connection: Connection): void;
}

// A kept-alive connection is not handed out this close to the end of the idle time the server
// announced (`keep-alive: timeout=5`): it would close it as the request arrives.
const KEEP_ALIVE_MARGIN_MS = 1000;

export class Connection {
  // When the server said it would close this connection if idle (ms since the epoch).
  private expiresAt = Number.POSITIVE_INFINITY;
  private readonly socket: Socket;
  private readonly events: ConnectionEvents;
  private readonly silence: () => Error;
  private exchange: Exchange | undefined;
  private parser: AnswerParser | undefined;
  private paused = false;
  private closed = false;
  private carried = 0; // answers this connection carried to their end
  private answered = false; // a byte of the current answer has arrived
  private status = 0; // of the current answer, once its head is in

  // `silence` makes the error for an answer that stopped coming for the socket's timeout.
  constructor(socket: Socket, timeoutMs: number, events: ConnectionEvents, silence: () => Error) {
    this.socket = socket;
    this.events = events;
    this.silence = silence;
    socket.setNoDelay(true);
    // One timer for the socket's life, re-armed by every byte: busy, it is the guard against a silent
    // server; idle, it closes a connection nobody used for that long.
    socket.setTimeout(timeoutMs);
    socket.on("data", (chunk: Buffer) => this.read(chunk));
    socket.on("end", () => this.serverClosed());
    socket.on("error", (error) => this.failWith(error, true));
    socket.on("close", () => this.gone());
    socket.on("timeout", () => {
      this.failWith(this.silence());
      socket.destroy();
    });
  }

  // Free to carry a GET: not closing (the server's FIN may come a moment before the close), and not
  // past the idle time the server announced.
  get usable(): boolean {
    return !this.closed && !this.socket.destroyed && this.expiresAt > Date.now();
  }

  // Writes the request (a whole head, GET has no body); its answer goes to `exchange`.
  run(request: string, exchange: Exchange): void {
    this.exchange = exchange;
    this.answered = false;
    this.status = 0;
    const parser = new AnswerParser({
      head: (head) => {
        const hint = head.headers["keep-alive"];
        if (hint !== undefined) this.expireAfter(hint);
        this.status = head.status;
        this.exchange?.head(head, this);
      },
      body: (chunk) => this.exchange?.body(chunk),
      end: (reusable) => this.finished(reusable),
    });
    this.parser = parser;
    this.socket.write(request, "latin1");
  }

  // Backpressure from a reader of the body (a download written to disk).
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.socket.resume();
  }

  // Gives up the rest of an answer nobody wants (a download refused by its headers): the connection
  // is closed rather than read to the end of a body that may be gigabytes; the exchange hears nothing more.
  discard(): void {
    this.exchange = undefined;
    this.parser = undefined;
    this.socket.destroy();
  }

  // Fails the exchange in flight with `reason` (an abort) and closes the connection.
  abort(reason: unknown): void {
    this.failWith(reason);
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.answered = true;
    const parser = this.parser;
    if (!parser) {
      // Bytes nobody asked for: whatever the server meant, the connection is not trusted again.
      this.socket.destroy();
      return;
    }
    try {
      parser.push(chunk);
    } catch (error) {
      this.failWith(error);
      this.socket.destroy();
    }
  }

  private finished(reusable: boolean): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.parser = undefined;
    this.carried++;
    if (reusable && !this.closed) {
      this.resume();
      this.events.idle(this, this.status >= 200 && this.status < 300);
    } else this.socket.destroy();
    exchange?.end();
  }

  // The server's FIN: ends an answer framed by the close, cuts short any other.
  private serverClosed(): void {
    this.closed = true;
    try {
      this.parser?.close();
    } catch (error) {
      this.failWith(error, true);
    }
  }

  // `lost`: the connection itself failed (closed, reset), not the answer or a timer.
  private failWith(error: unknown, lost = false): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.parser = undefined;
    exchange?.fail(error, lost && this.carried > 0 && !this.answered);
  }

  private gone(): void {
    this.closed = true;
    if (this.exchange) {
      this.failWith(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), true);
    }
    this.events.gone(this);
  }

  private expireAfter(hint: string): void {
    const seconds = /(?:^|[\s,])timeout=(\d+)/i.exec(hint)?.[1];
    if (seconds !== undefined) this.expiresAt = Date.now() + Number(seconds) * 1000 - KEEP_ALIVE_MARGIN_MS;
  }
}
