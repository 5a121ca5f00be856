import type { Server } from "bun";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export type Responder = (request: ReceivedRequest, index: number) => Response | Promise<Response>;

/** An answer held back until `release()`: a request the test keeps in flight as long as it needs. */
export function heldAnswer(make: () => Response) {
  let release!: () => void;
  const answer = new Promise<Response>((resolve) => (release = () => resolve(make())));
  return { answer, release: () => release() };
}

/**
 * A real HTTP receiver on loopback that records every request. `respond` decides each
 * answer (200 by default). `waitFor` waits for a condition with a deadline, never a sleep.
 */
export function startReceiver(respond: Responder = () => new Response("ok")) {
  const requests: ReceivedRequest[] = [];
  const listeners = new Set<() => void>();
  let responder = respond;
  const server: Server<undefined> = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const received: ReceivedRequest = {
        method: req.method,
        path: url.pathname + url.search,
        headers: Object.fromEntries(req.headers),
        body: await req.text(),
        at: Date.now(),
      };
      requests.push(received);
      for (const listener of listeners) listener();
      return responder(received, requests.length - 1);
    },
  });
  const url = `http://127.0.0.1:${server.port}`;

  function waitFor(condition: (requests: ReceivedRequest[]) => boolean, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    if (condition(requests)) return Promise.resolve(requests);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`receiver condition not met within ${timeoutMs} ms; got ${requests.length} requests`));
      }, timeoutMs);
      function check() {
        if (!condition(requests)) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve(requests);
      }
      listeners.add(check);
    });
  }

  return {
    url,
    requests,
    waitFor,
    /** Resolves once `n` requests in all have arrived. */
    waitForCount: (n: number, timeoutMs?: number) => waitFor((r) => r.length >= n, timeoutMs),
    setResponder(next: Responder) {
      responder = next;
    },
    stop: () => server.stop(true),
  };
}

export type Receiver = ReturnType<typeof startReceiver>;

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
