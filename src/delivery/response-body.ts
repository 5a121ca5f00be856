import type { Transform } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { errorMessage } from "../error-message.ts";
import type { ClientTls } from "./client-tls.ts";

/**
 * A runtime's fetch and how it hands over an answer the server compressed: `encoded` when
 * the body arrives as it was sent (Bun, told `decompress: false`), `decoded` when the
 * runtime decodes it as it is read and never ahead (Deno, which cannot be told not to).
 * A fetch that unpacks a whole body by itself, as Bun's does by default, must not be used:
 * a 1 MB answer unpacking to 1 GB takes the process past its memory limit. `tls` is the
 * webhook's own trust and client certificate, which each runtime takes in its own way.
 */
export interface HttpClient {
  fetch: (url: string, init: RequestInit, tls?: ClientTls) => Promise<Response>;
  bodies: "encoded" | "decoded";
}

/** The start of a body, and whether more followed. */
export interface BodyStart {
  text: string;
  truncated: boolean;
}

/** Reading a body failed part way (a timeout, a cut connection, data not in its encoding). */
export class BodyReadError extends Error {
  constructor(
    /** What failed: the runtime's error (a timeout, a reset), or the decoder's. */
    readonly reason: unknown,
    /** What arrived until then, decoded. */
    readonly partial: string,
  ) {
    super(errorMessage(reason));
  }
}

/** Bytes kept up to `limit`; more than that tells that the body was longer. */
interface Sink {
  /** False once more arrived than is kept: reading can stop. */
  add(bytes: Uint8Array): Promise<boolean>;
  bytes(): Uint8Array;
}

function joined(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Keeps up to `limit` bytes of what it is given. */
class Kept {
  private readonly chunks: Uint8Array[] = [];
  size = 0;
  constructor(private readonly limit: number) {}

  /** False when some did not fit. */
  add(bytes: Uint8Array): boolean {
    const keep = bytes.subarray(0, this.limit - this.size);
    if (keep.length > 0) this.chunks.push(keep);
    this.size += keep.length;
    return keep.length === bytes.length;
  }

  bytes(): Uint8Array {
    return joined(this.chunks, this.size);
  }
}

function plainSink(limit: number): Sink {
  const kept = new Kept(limit);
  return { add: async (bytes) => kept.add(bytes), bytes: () => kept.bytes() };
}

/**
 * Raw input goes to the decoder in slices this small, and it is stopped once it made
 * enough: a slice of a gzip bomb unpacks to at most 256 KiB (deflate's ratio is about
 * 1,000), and of a brotli bomb (1 GB fits in 841 bytes) to what its thread decodes in
 * about 100 ms, off the event loop, before the stop reaches it.
 */
const SLICE_BYTES = 256;

class DecodeError extends Error {}

/**
 * Decodes slice by slice, keeping `limit` bytes of the output; the decoder is stopped as
 * soon as it makes more, so a bomb's gigabyte is never made. At most `2 × limit + 64 KiB`
 * raw bytes are taken, so a stream that decodes to little or nothing still ends.
 */
function decodingSink(decoder: Transform, limit: number): Sink & { close(): void } {
  const kept = new Kept(limit);
  const rawLimit = 2 * limit + 64 * 1024;
  let rawSize = 0;
  let overflowed = false;
  let failure: unknown = null;
  decoder.on("data", (chunk: Uint8Array) => {
    if (overflowed) return;
    if (!kept.add(chunk)) {
      overflowed = true;
      decoder.destroy();
    }
  });
  decoder.on("error", (err: unknown) => (failure ??= err));
  // a step ends when its slice is decoded, or when the decoder closes (stopped, or failed)
  let stepDone = () => {};
  decoder.once("close", () => stepDone());
  const step = (slice: Uint8Array) =>
    new Promise<void>((resolve) => {
      stepDone = resolve;
      decoder.write(slice, () => resolve());
    });
  return {
    async add(bytes) {
      for (let at = 0; at < bytes.length && !overflowed; at += SLICE_BYTES) {
        await step(bytes.subarray(at, at + SLICE_BYTES));
        if (failure !== null) throw new DecodeError(errorMessage(failure));
      }
      rawSize += bytes.length;
      return !overflowed && rawSize <= rawLimit;
    },
    bytes: () => kept.bytes(),
    close: () => decoder.destroy(),
  };
}

function decoderFor(encoding: string): Transform | null {
  // SYNC_FLUSH: reading may stop mid-stream; what arrived until then is still decoded
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    case "deflate":
      return createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    case "br":
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      return null;
  }
}

/**
 * Reads at most `limit` bytes of a body, decoded (gzip, deflate, br) when `contentEncoding`
 * says it is encoded, then cancels the stream: a 50 MB answer costs `limit`, and so does a
 * bomb. An encoding it cannot decode is named instead of shown as bytes. A failure part way
 * is a BodyReadError holding what arrived until then.
 */
export async function readBodyStart(body: ReadableStream<Uint8Array>, contentEncoding: string | null, limit: number): Promise<BodyStart> {
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  const plain = encoding === "" || encoding === "identity";
  const decoder = plain ? null : decoderFor(encoding);
  if (!plain && decoder === null) {
    await body.cancel().catch(() => {});
    return { text: `[response body in ${encoding.slice(0, 100)} encoding: not decoded]`, truncated: true };
  }
  const sink: Sink & { close?(): void } = decoder ? decodingSink(decoder, limit) : plainSink(limit);
  const reader = body.getReader();
  let truncated = false;
  const text = () => new TextDecoder().decode(sink.bytes());
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (!(await sink.add(chunk.value))) {
        truncated = true;
        break;
      }
    }
  } catch (err) {
    throw new BodyReadError(err instanceof DecodeError ? new Error(`not valid ${encoding}: ${err.message}`) : err, text());
  } finally {
    sink.close?.();
    await reader.cancel().catch(() => {});
  }
  return { text: text(), truncated };
}
