import type { MiddlewareHandler } from "hono";
import { fromBase64 } from "../base64.ts";

/** Files embedded in the executable, by URL path (see scripts/embed.ts). */
export type StaticAssets = Record<string, { contentType: string; base64: string }>;

/**
 * Serves the embedded admin page: `/` is `/index.html`. The files are decoded once;
 * `no-cache` makes a browser revalidate, so an upgraded binary's page is seen at once.
 * The length is stated, not left to the server: a HEAD is answered from the GET without
 * its body, and the server would count that empty body (`content-length: 0`).
 */
export function serveStaticAssets(assets: StaticAssets): MiddlewareHandler {
  const files = new Map(
    Object.entries(assets).map(([path, a]) => [path, { contentType: a.contentType, bytes: fromBase64(a.base64) }]),
  );
  return async function serveAsset(c, next) {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const path = c.req.path === "/" ? "/index.html" : c.req.path;
    const file = files.get(path);
    if (!file) return next();
    return c.body(file.bytes, 200, { "Content-Type": file.contentType, "Content-Length": String(file.bytes.length), "Cache-Control": "no-cache" });
  };
}
