import type { Peer, Runtime } from "../../src/runtime.ts";
import type { TlsPem } from "../../src/security/tls-files.ts";
import { testHttpClient } from "./test-app.ts";

/**
 * A runtime whose server is the handler it was given: requests go straight to it, no
 * socket. Its graceful stop waits for the requests under way, as a real server's does.
 * It keeps the certificates it was given, the first and each replacement.
 */
export function directRuntime() {
  let handler: ((request: Request, peer: Peer) => Response | Promise<Response>) | null = null;
  const underWay = new Set<Promise<Response>>();
  const certificates: (TlsPem | undefined)[] = [];
  const runtime: Runtime = {
    serve({ fetch, tls }) {
      handler = fetch;
      certificates.push(tls);
      return {
        port: 1,
        stop: async (force) => {
          if (!force) await Promise.allSettled([...underWay]);
        },
        replaceTls: async (pem) => void certificates.push(pem),
      };
    },
    http: testHttpClient,
    onShutdownSignal() {},
    onReloadSignal() {},
  };
  function request(path: string, init?: RequestInit, peer: Peer = { address: "127.0.0.1" }): Promise<Response> {
    const answer = Promise.resolve(handler!(new Request(`http://127.0.0.1${path}`, init), peer));
    underWay.add(answer);
    const done = () => underWay.delete(answer);
    answer.then(done, done);
    return answer;
  }
  return { runtime, request, certificates };
}
