import type { HttpClient } from "./delivery/response-body.ts";

/**
 * What the service needs from the JavaScript runtime it runs on. Only the entry module
 * of each runtime (src/main.ts for Bun) implements this; everything else stays portable.
 */
export interface Runtime {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request) => Response | Promise<Response>;
  }): HttpServer;
  /** Outgoing HTTP: a fetch that never decodes more of a compressed answer than is read. */
  http: HttpClient;
  /** Calls `handler` on every SIGTERM and SIGINT. */
  onShutdownSignal(handler: (signal: string) => void): void;
}

export interface HttpServer {
  /** The port actually bound (differs from the requested one when that was 0). */
  port: number;
  /** Stops accepting connections; resolves when in-flight requests are done, or at once when `force`. */
  stop(force: boolean): Promise<void>;
}
