import type { Dispatcher, Pool as UndiciPool } from "undici";
import { BlockedError } from "../core/errors.ts";
import { type ProxyChoice, type ProxySettings, proxyFor, redactProxyCredentials } from "./proxy-settings.ts";
import { TransientError } from "./transient-error.ts";
import { Pool, ProxyAgent } from "./undici-parts.ts";

export type { ProxySettings } from "./proxy-settings.ts";

// The dispatcher for one origin: undici's Pool, or a ProxyAgent when the settings send that origin
// through a proxy. The agent makes its Pool per origin with the same options (connection cap, timeouts)
// and tunnels every request with CONNECT, plain http as well: so requests take the one path that
// claude.ai (https) takes, the cap counts tunnels, and the answers (3xx included) come back unchanged.
export function createOriginDispatcher(
  origin: string,
  options: UndiciPool.Options,
  proxy: ProxySettings | undefined,
): Dispatcher {
  const choice = proxy ? proxyFor(new URL(origin), proxy) : undefined;
  if (!choice) return new Pool(origin, options);
  const agent = new ProxyAgent({
    ...options,
    uri: choice.url,
    proxyTunnel: true,
    // The CONNECT requests themselves: a proxy that never answers one fails like a silent server.
    clientFactory: (url, opts) => new Pool(url, { ...opts, headersTimeout: options.headersTimeout }),
  });
  return agent.compose(explainProxyErrors(choice, new URL(origin).host));
}

// Names the proxy in the errors of the requests through it, and turns a proxy's refusal into an error
// a person can act on. Retrying cannot fix a 407 or a 403; a 5xx (the proxy could not reach claude.ai)
// is retried like any network error.
function explainProxyErrors(choice: ProxyChoice, host: string): Dispatcher.DispatcherComposeInterceptor {
  const label = `${redactProxyCredentials(choice.url).replace(/\/$/, "")} (from ${choice.variable})`;
  const explain = (error: unknown): unknown => {
    if (!(error instanceof Error)) return error;
    const status = Number(/^Proxy response \((\d{3})\)/.exec(error.message)?.[1]);
    if (status === 407) {
      return new BlockedError(
        "BLOCKED",
        `the proxy ${label} asks for a user name and password (HTTP 407): put them in ${choice.variable} as http://user:password@host:port`,
        { cause: error },
      );
    }
    if (status >= 500) {
      return new TransientError("network", `the proxy ${label} could not reach ${host} (HTTP ${status})`, {
        cause: error,
      });
    }
    if (status > 0) {
      return new BlockedError(
        "BLOCKED",
        `the proxy ${label} refused to connect to ${host} (HTTP ${status})`,
        {
          cause: error,
        },
      );
    }
    // A socket error (ECONNREFUSED from the proxy itself, a reset tunnel): the message says where.
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && error.name !== "AbortError" && !error.message.includes(label))
      error.message += `, through the proxy ${label}`;
    return error;
  };
  return (dispatch) => (opts, handler) =>
    dispatch(
      opts,
      new Proxy(handler, {
        // The error callback of either handler style undici may hand us (onResponseError, legacy onError).
        // Methods run on the handler itself: undici's handlers keep private fields.
        get(target, key) {
          const value: unknown = Reflect.get(target, key);
          if (typeof value !== "function") return value;
          if (key !== "onResponseError" && key !== "onError") return value.bind(target);
          return (...args: unknown[]) => value.apply(target, [...args.slice(0, -1), explain(args.at(-1))]);
        },
      }),
    );
}
