import type { TlsSettings } from "../webhooks/model.ts";

/**
 * What a request trusts and presents beyond the runtime's defaults, as PEM: `ca` is trusted
 * in addition to the system's certificates (a PMS on the LAN with its own CA or a
 * self-signed certificate), `cert` and `key` answer a server that asks for a client
 * certificate. Verification itself is never switched off.
 */
export interface ClientTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/** A webhook's TLS settings as the HTTP client takes them; none when it has none. */
export function clientTls(tls: TlsSettings): ClientTls | undefined {
  if (tls.ca === "" && tls.client_cert === "") return undefined;
  return {
    ...(tls.ca !== "" && { ca: tls.ca }),
    ...(tls.client_cert !== "" && { cert: tls.client_cert, key: tls.client_key }),
  };
}
