import type { MiddlewareHandler } from "hono";

/**
 * Handles requests while the bodies being handled stay within `maxBytes` together; a
 * request alone is always handled. A megabyte of JSON costs several times that once
 * parsed, validated and stored, so many large requests at once would take the process
 * past its memory limit: the others wait. A body is read (and kept for the route's
 * validator) before its request counts, so a client slow to send one holds back no one.
 */
export function limitBodiesAtOnce(options: { maxBytes: number }): MiddlewareHandler {
  let inProcess = 0;
  let waiting: (() => void)[] = [];
  return async function admitBody(c, next) {
    if (c.req.raw.body === null) return next();
    const size = (await c.req.text()).length;
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
