import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * What the admin page may load and do, and the policy on every other answer too (a JSON
 * answer loads nothing, so the same strict policy costs it nothing). The page is one
 * bundled module script and one stylesheet from this origin; it builds its DOM with
 * createElement and text nodes (no inline script, inline style attribute, eval, data: or
 * blob: URL), draws its chart as inline SVG elements and calls only this origin's API.
 * Every form's submit handler sends through fetch, so no form submits natively:
 * `form-action 'none'` keeps a sign-in form that lost its script from putting the token
 * into a URL.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  connectSrc: ["'self'"],
  // the browser's own favicon request, answered 404, should not log a violation
  imgSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on every answer: the policy above, no framing (clickjacking of the
 * admin page), no MIME sniffing, no Referer to links followed from the page. Hono's
 * `secureHeaders`, with Strict-Transport-Security only when the service serves TLS
 * itself: on plain HTTP behind a TLS proxy, the proxy, not the service, knows whether
 * the whole host should be pinned to HTTPS.
 */
export function securityHeaders(options: { https: boolean }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    strictTransportSecurity: options.https ? "max-age=31536000" : false,
  });
}

/**
 * The same headers on an answer made outside the app: while the service starts, once its
 * database file is gone, outside the base path.
 */
export function securedOutsideTheApp(options: { https: boolean }): (answer: Response) => Promise<Response> {
  const app = new Hono<{ Bindings: { answer: Response } }>();
  app.use("*", securityHeaders(options));
  app.all("*", (c) => c.env.answer);
  return async (answer) => app.fetch(new Request("http://localhost/"), { answer });
}
