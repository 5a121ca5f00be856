/**
 * A version 7 UUID (RFC 9562): the Unix time in milliseconds, then random bits. The ids
 * the service gives events sort by time, so the index that finds an event by its uuid
 * (repeats are recognised by it) grows at its end, as a log does, instead of taking a
 * write at a random page for every event; receivers see an ordinary UUID.
 */
export function uuidV7(unixMs: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let time = unixMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
