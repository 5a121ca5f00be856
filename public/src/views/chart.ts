import { h } from "../dom.ts";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface HourBucket {
  hour: string;
  succeeded: number;
  failed: number;
}

/** Deliveries per hour as stacked bars (succeeded below, failed above), drawn as inline SVG. */
export function hourlyChart(buckets: HourBucket[]): HTMLElement {
  const width = 720;
  const height = 160;
  const top = 10;
  const bottom = 24;
  const max = Math.max(1, ...buckets.map((b) => b.succeeded + b.failed));
  const slot = width / buckets.length;
  const scale = (n: number) => (n / max) * (height - top - bottom);
  const total = buckets.reduce((s, b) => ({ ok: s.ok + b.succeeded, bad: s.bad + b.failed }), { ok: 0, bad: 0 });
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": `Deliveries per hour, last 24 hours: ${total.ok} succeeded, ${total.bad} failed`,
    class: "chart",
  });
  buckets.forEach((b, i) => {
    const x = i * slot + 2;
    const ok = scale(b.succeeded);
    const bad = scale(b.failed);
    const base = height - bottom;
    const hour = new Date(b.hour);
    const label = `${hour.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}: ${b.succeeded} succeeded, ${b.failed} failed`;
    const g = svg("g", {});
    g.append(svg("title", {}, label));
    g.append(svg("rect", { x, y: base - ok, width: slot - 4, height: ok, class: "bar-ok" }));
    g.append(svg("rect", { x, y: base - ok - bad, width: slot - 4, height: bad, class: "bar-failed" }));
    if (i % 4 === 0) g.append(svg("text", { x: x + (slot - 4) / 2, y: height - 8, "text-anchor": "middle", class: "axis" }, String(hour.getHours()).padStart(2, "0")));
    chart.append(g);
  });
  return h(
    "figure",
    { class: "card" },
    chart,
    h("figcaption", {}, h("span", { class: "legend-ok" }, "■"), ` succeeded (${total.ok})  `, h("span", { class: "legend-failed" }, "■"), ` failed (${total.bad}) per hour, last 24 hours`),
  );
}
