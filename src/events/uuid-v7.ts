/** Each byte's two hex digits, made once: a uuid per event is on the ingest's hot path. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/**
 * A version 7 UUID (RFC 9562): the Unix time in milliseconds, then random bits. The ids
 * the service gives events sort by time, so the index that finds an event by its uuid
 * (repeats are recognised by it) grows at its end, as a log does, instead of taking a
 * write at a random page for every event; receivers see an ordinary UUID.
 */
export function uuidV7(unixMs: number): string {
  const bytes = randomBytes();
  let time = unixMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  let uuid = "";
  for (let i = 0; i < 16; i++) uuid += (i === 4 || i === 6 || i === 8 || i === 10 ? "-" : "") + HEX[bytes[i]!];
  return uuid;
}

/** Random bytes taken 16 at a time from a pool filled 4 KiB at a call: a call per uuid cost more than the rest of making it. */
const pool = new Uint8Array(4096);
let taken = pool.length;

function randomBytes(): Uint8Array {
  if (taken === pool.length) {
    crypto.getRandomValues(pool);
    taken = 0;
  }
  taken += 16;
  return pool.subarray(taken - 16, taken);
}
