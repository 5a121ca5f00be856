import type { HttpClient } from "./delivery/response-body.ts";
import type { TlsPem } from "./security/tls-files.ts";

/**
 * What the service needs from the JavaScript runtime it runs on. Only the entry module
 * of each runtime (src/main.ts for Bun) implements this; everything else stays portable.
 */
export interface Runtime {
  serve(options: {
    hostname: string;
    port: number;
    /** HTTPS with this certificate and key; plain HTTP without. */
    tls?: TlsPem;
    fetch: (request: Request, peer: Peer) => Response | Promise<Response>;
  }): HttpServer;
  /** Outgoing HTTP: a fetch that never decodes more of a compressed answer than is read. */
  http: HttpClient;
  /** Calls `handler` on every SIGTERM and SIGINT. */
  onShutdownSignal(handler: (signal: string) => void): void;
  /** Calls `handler` on every SIGHUP (`systemctl reload`). */
  onReloadSignal(handler: () => void): void;
}

/** Who sent a request: the address of the connection (a proxy's, behind one). */
export interface Peer {
  address: string;
}

export interface HttpServer {
  /** The port actually bound (differs from the requested one when that was 0). */
  port: number;
  /** Stops accepting connections; resolves when in-flight requests are done, or at once when `force`. */
  stop(force: boolean): Promise<void>;
  /**
   * Goes on listening with another certificate: new connections get it, requests under
   * way finish on the old one. Throws when the runtime refuses it, and serves on with the old.
   */
  replaceTls(tls: TlsPem): Promise<void>;
}
