/**
 * The webhook endpoint: a loopback server that answers 200 "ok" and notes when each
 * request arrived, where, and for which `Webhook-Id`, on the load generator's clock.
 */
export interface Arrival {
  at: number;
  webhookId: string | null;
  path: string;
}

export interface Receiver {
  url(path: string): string;
  /** Every request since the last reset, in order of arrival (performance.now()). */
  arrivals(): Arrival[];
  /** First arrival of each Webhook-Id since the last reset. */
  firstSeen(webhookId: string): number | undefined;
  reset(): void;
  stop(): void;
}

export function startReceiver(): Receiver {
  let arrivals: Arrival[] = [];
  let seen = new Map<string, number>();

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    async fetch(request) {
      const at = performance.now();
      const webhookId = request.headers.get("webhook-id");
      arrivals.push({ at, webhookId, path: new URL(request.url).pathname });
      if (webhookId !== null && !seen.has(webhookId)) seen.set(webhookId, at);
      // A real receiver reads what it is sent; so does this one, for the service and the ceiling alike.
      await request.arrayBuffer();
      return new Response("ok");
    },
  });

  return {
    url: (path) => `http://127.0.0.1:${server.port}${path}`,
    arrivals: () => arrivals,
    firstSeen: (id) => seen.get(id),
    reset() {
      arrivals = [];
      seen = new Map();
    },
    stop: () => void server.stop(true),
  };
}

/** Runs `work` with a receiver of its own, stopped after it whatever `work` did. */
export async function withReceiver<T>(work: (receiver: Receiver) => Promise<T>): Promise<T> {
  const receiver = startReceiver();
  try {
    return await work(receiver);
  } finally {
    receiver.stop();
  }
}
