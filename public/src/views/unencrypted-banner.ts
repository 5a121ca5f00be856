import { h } from "../dom.ts";

/**
 * A warning while the page is not a secure context: plain HTTP to another machine, where
 * the admin token crosses the network as it was typed. The browser's own verdict
 * (`window.isSecureContext`) decides, so HTTPS and this machine (localhost, 127.0.0.1,
 * [::1]) show none.
 */
export function unencryptedBanner(secure = window.isSecureContext): HTMLElement | null {
  if (secure) return null;
  return h(
    "p",
    { class: "status error unencrypted", role: "note" },
    h("strong", {}, "This connection is not encrypted: the admin token can be read on the network."),
    " Open the page over HTTPS: through the box's web server, or with the service's ",
    h("code", {}, "--tls-cert"),
    " and ",
    h("code", {}, "--tls-key"),
    ".",
  );
}
