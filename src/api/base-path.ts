import type { Peer } from "../runtime.ts";
import { errorBody } from "./errors.ts";

type Handler = (request: Request, peer: Peer) => Response | Promise<Response>;
type Secure = (answer: Response) => Promise<Response>;

/**
 * Serves `handler` under a path prefix, for a reverse proxy that passes the prefix on:
 * `/webhooks/api/log` reaches the app as `/api/log`. The prefix alone is redirected to
 * `/webhooks/`, so that the page's relative URLs resolve under it; nothing outside it is
 * served (those answers made here go through `secure`). Without a prefix the handler is
 * returned as it is.
 */
export function servedUnder(basePath: string, handler: Handler, secure: Secure): Handler {
  if (basePath === "") return handler;
  return (request, peer) => {
    const url = new URL(request.url);
    if (url.pathname === basePath) {
      return secure(new Response(null, { status: 308, headers: { Location: `${basePath}/${url.search}` } }));
    }
    if (!url.pathname.startsWith(`${basePath}/`)) {
      return secure(Response.json(errorBody("not_found", `Everything here is served under ${basePath}/`), { status: 404 }));
    }
    url.pathname = url.pathname.slice(basePath.length);
    return handler(new Request(url, request), peer);
  };
}
