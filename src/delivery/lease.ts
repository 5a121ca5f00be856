/** How long a claim lasts: longer than the longest request (25 s), so no live claim expires. */
export const LEASE_MS = 30_000;
/** A held claim is sent only while the request, at its timeout, would end this long before the lease; its result is written in it. */
export const LEASE_MARGIN_MS = 1_000;
