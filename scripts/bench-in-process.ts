/**
 * CPU per event, ingest and delivery together, measured inside one process: the service's
 * parts on a libSQL file on disk, one webhook, a local receiver, bursts of 100 events of
 * different tickets. Steadier than the compiled bench's ratios for telling two versions
 * apart: `bun scripts/bench-in-process.ts [checkout…]` runs each checkout's own parts
 * (default: this one), alternating, three times.
 *
 * `WEBHOOKS=n` subscribes n webhooks to every event (the figure is then per delivery),
 * `BURSTS=n` measures n bursts instead of 100 (a short run under `valgrind`).
 */
const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const checkouts = process.argv.length > 2 ? process.argv.slice(2) : [ROOT];
const WEBHOOKS = Number(process.env.WEBHOOKS ?? 1);
const BURSTS = Number(process.env.BURSTS ?? 100);

if (process.env.BENCH_IN_PROCESS_CHECKOUT) {
  await measure(process.env.BENCH_IN_PROCESS_CHECKOUT);
} else {
  const results = new Map<string, number[]>(checkouts.map((c) => [c, []]));
  for (let round = 0; round < 3; round++) {
    for (const checkout of checkouts) {
      // a process of its own per run: each checkout's modules, a fresh heap
      const run = Bun.spawnSync([process.execPath, import.meta.path], { env: { ...process.env, BENCH_IN_PROCESS_CHECKOUT: checkout } });
      if (run.exitCode !== 0) throw new Error(`${checkout}: ${run.stderr.toString()}`);
      results.get(checkout)!.push(Number(run.stdout.toString().trim()));
    }
  }
  for (const [checkout, values] of results) {
    const [min, median, max] = values.sort((a, b) => a - b);
    console.log(`${checkout}: ${min!.toFixed(0)}/${median!.toFixed(0)}/${max!.toFixed(0)} µs CPU per delivery (min/median/max of 3)`);
  }
}

async function measure(checkout: string) {
  const { createTestApp } = await import(`${checkout}/test/helpers/test-app.ts`);
  let received = 0;
  const receiver = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request) => {
      await request.arrayBuffer();
      received++;
      return new Response("ok");
    },
  });
  const t = await createTestApp({ onDisk: true });
  for (let i = 0; i < WEBHOOKS; i++) {
    const body = { name: `bench ${i}`, url: `http://127.0.0.1:${receiver.port}/hook`, events: ["ticket.*"] };
    const created = await t.api("/api/webhooks", { body });
    if (created.status !== 201) throw new Error(await created.text());
  }
  await t.dispatcher.start();
  let ticket = 0;
  async function bursts(count: number) {
    const target = received + count * 100 * WEBHOOKS;
    for (let i = 0; i < count; i++) {
      const body = Array.from({ length: 100 }, () => ({ type: "ticket.logged_in", ticket_id: String(++ticket), data: { login_type: "first" } }));
      const accepted = await t.api("/api/events", { body });
      if (accepted.status !== 202) throw new Error(await accepted.text());
    }
    while (received < target) await Bun.sleep(5);
  }
  await bursts(Math.ceil(10 / WEBHOOKS)); // warm up: about 1,000 deliveries
  const before = process.cpuUsage();
  await bursts(BURSTS);
  const cpu = process.cpuUsage(before);
  console.log(String((cpu.user + cpu.system) / (BURSTS * 100 * WEBHOOKS)));
  await t.close();
  receiver.stop(true);
}
