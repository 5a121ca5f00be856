/**
 * Whether an address to listen on is reachable from this machine only. Anything else
 * (`0.0.0.0`, `::`, a LAN address) carries the admin token over the network.
 */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
