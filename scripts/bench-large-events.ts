/**
 * Large events and the unit's memory limit, on the compiled binary (built first if
 * missing): `bun scripts/bench-large-events.ts` creates one webhook to a loopback
 * receiver, switches sending off, queues EVENTS events (default 300) whose data is SIZE
 * characters (default 900,000: near the largest a request takes), one per request,
 * switches sending on and waits until the receiver has them all. It prints the service's
 * peak memory (VmHWM) once they were queued and once they were delivered, and how long
 * the delivery took. Not a test: it writes a few hundred MB.
 */
import { waitWhileProgressing } from "./bench/load.ts";
import { withReceiver } from "./bench/receiver.ts";
import { benchBinary, expectStatus, readMemory, withTempService } from "./bench/service.ts";

const EVENTS = Number(process.env.EVENTS ?? 300);
const SIZE = Number(process.env.SIZE ?? 900_000);
const TOKEN = "bench-large-events-token-0123456789";
const WAIT = { idleMs: 30_000, maxMs: 600_000 };

const binary = await benchBinary();
await withReceiver((receiver) =>
  withTempService(binary, "large", TOKEN, async (service) => {
    expectStatus(await service.api("POST", "/api/webhooks", { name: "large", url: receiver.url("/hook/1"), events: ["*"] }), 201, "creating the webhook");
    expectStatus(await service.api("PATCH", "/api/settings", { enabled: false }), 200, "switching sending off");
    // the key is no data field: kept as sent, so the stored data is SIZE characters
    const event = { type: "system.started", data: { note: "x".repeat(SIZE - 11) } };
    for (let i = 0; i < EVENTS; i++) expectStatus(await service.api("POST", "/api/events", event), 202, "queueing an event");
    const queued = readMemory(service.pid);
    receiver.reset();
    const started = performance.now();
    expectStatus(await service.api("PATCH", "/api/settings", { enabled: true }), 200, "switching sending on");
    const arrived = () => receiver.arrivals().length;
    await waitWhileProgressing(() => arrived() >= EVENTS, arrived, WAIT);
    const seconds = (performance.now() - started) / 1000;
    if (arrived() < EVENTS) throw new Error(`stalled at ${arrived()} of ${EVENTS} deliveries`);
    const delivered = readMemory(service.pid);
    console.log(
      [
        `${EVENTS} events of ${SIZE.toLocaleString("en")} characters of data, queued while sending was off`,
        `peak memory ${queued.peakMb.toFixed(0)} MB once queued, ${delivered.peakMb.toFixed(0)} MB once delivered (unit limit 150 MB)`,
        `delivered in ${seconds.toFixed(1)} s`,
      ].join("\n"),
    );
  }),
);
