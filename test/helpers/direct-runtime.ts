import type { Runtime } from "../../src/runtime.ts";
import { testHttpClient } from "./test-app.ts";

/**
 * A runtime whose server is the handler it was given: requests go straight to it, no
 * socket. `request` fails until the service has been started on it.
 */
export function directRuntime() {
  let handler: ((request: Request) => Response | Promise<Response>) | null = null;
  const runtime: Runtime = {
    serve({ fetch }) {
      handler = fetch;
      return { port: 1, stop: async () => {} };
    },
    http: testHttpClient,
    onShutdownSignal() {},
  };
  return { runtime, request: (path: string, init?: RequestInit) => handler!(new Request(`http://127.0.0.1${path}`, init)) };
}
