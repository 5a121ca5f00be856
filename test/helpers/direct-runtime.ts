import type { Runtime } from "../../src/runtime.ts";
import { testHttpClient } from "./test-app.ts";

/**
 * A runtime whose server is the handler it was given: requests go straight to it, no
 * socket. Its graceful stop waits for the requests under way, as a real server's does.
 */
export function directRuntime() {
  let handler: ((request: Request) => Response | Promise<Response>) | null = null;
  const underWay = new Set<Promise<Response>>();
  const runtime: Runtime = {
    serve({ fetch }) {
      handler = fetch;
      return {
        port: 1,
        stop: async (force) => {
          if (!force) await Promise.allSettled([...underWay]);
        },
      };
    },
    http: testHttpClient,
    onShutdownSignal() {},
  };
  function request(path: string, init?: RequestInit): Promise<Response> {
    const answer = Promise.resolve(handler!(new Request(`http://127.0.0.1${path}`, init)));
    underWay.add(answer);
    const done = () => underWay.delete(answer);
    answer.then(done, done);
    return answer;
  }
  return { runtime, request };
}
