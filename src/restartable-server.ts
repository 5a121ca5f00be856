import type { TlsPem } from "./security/tls-files.ts";

/**
 * A runtime's server, started, that can be started again on its port with another
 * certificate; `start` is the runtime's own (Bun.serve, Deno.serve) on the bound port. The
 * entry modules free the port their runtime's way, then `restart`.
 */
export class RestartableServer<S> {
  constructor(
    public server: S,
    private pem: TlsPem | undefined,
    private readonly start: (pem: TlsPem | undefined) => S,
  ) {}

  /** Starts with `pem`; if the runtime refuses it, starts again with the one before and throws. */
  restart(pem: TlsPem): void {
    try {
      this.server = this.start(pem);
    } catch (err) {
      this.server = this.start(this.pem);
      throw err;
    }
    this.pem = pem;
  }
}
