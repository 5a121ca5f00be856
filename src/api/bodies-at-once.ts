import type { MiddlewareHandler } from "hono";

/**
 * Admits requests while the bodies being handled stay within `maxBytes` together, each
 * counted at its declared length (at `maxBody` when it declares none); a request alone
 * is always admitted. The others wait, their bodies unread: a megabyte of JSON costs
 * several times that once read, parsed, validated and stored, so many large requests at
 * once would take the process past its memory limit, where they now queue at the socket.
 */
export function limitBodiesAtOnce(options: { maxBytes: number; maxBody: number }): MiddlewareHandler {
  let inProcess = 0;
  let waiting: (() => void)[] = [];
  return async function admitBody(c, next) {
    if (c.req.raw.body === null) return next();
    const declared = Number(c.req.header("Content-Length") ?? Number.NaN);
    const size = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, options.maxBody) : options.maxBody;
    while (inProcess > 0 && inProcess + size > options.maxBytes) await new Promise<void>((resolve) => waiting.push(resolve));
    inProcess += size;
    try {
      await next();
    } finally {
      inProcess -= size;
      // each looks again whether it fits now
      const woken = waiting;
      waiting = [];
      for (const wake of woken) wake();
    }
  };
}
