import { h } from "../dom.ts";

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
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

/** Margins around the bars, in pixels: the scale on the left, hours and dates below. */
const BOX = { height: 180, left: 40, right: 4, top: 10, bottom: 40 };
/** The least room between two hour labels, and between two date labels. */
const HOUR_LABEL_PX = 36;
const DATE_LABEL_PX = 70;

/** Gridline values from 0: a step of 1, 2 or 5 times a power of ten, about four of them above 0. */
export function scaleTicks(max: number): number[] {
  const rough = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!);
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

const hourText = (d: Date) => d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
const dateText = (d: Date) => d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });

/** The hour a bar stands for, as its label and tooltip say it: "Thu, 3 Dec, 14:00–15:00". */
function hourName(bucket: HourBucket): string {
  const start = new Date(bucket.hour);
  return `${dateText(start)}, ${hourText(start)}–${hourText(new Date(start.getTime() + 3_600_000))}`;
}

/**
 * Deliveries per hour as stacked bars (succeeded below, failed above), drawn as inline SVG
 * `width` pixels wide (drawn anew for another width, so text keeps its size) with a count
 * scale. Hovering or focusing an hour (arrow keys move between hours) shows its counts; the
 * hour labels carry the date where it changes. Returns the drawing and its caption.
 */
export function hourlyChart(buckets: HourBucket[], width: number): Node[] {
  const { height, left, right, top, bottom } = BOX;
  const plotHeight = height - top - bottom;
  const base = height - bottom;
  const ticks = scaleTicks(Math.max(0, ...buckets.map((b) => b.succeeded + b.failed)));
  const scale = (n: number) => (n / ticks.at(-1)!) * plotHeight;
  const slot = (width - left - right) / Math.max(1, buckets.length);
  const total = buckets.reduce((s, b) => ({ ok: s.ok + b.succeeded, bad: s.bad + b.failed }), { ok: 0, bad: 0 });
  const chart = svg("svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "group",
    "aria-label": `Deliveries per hour, last 24 hours: ${total.ok} succeeded, ${total.bad} failed. Arrow keys move between hours.`,
    class: "chart",
  });
  for (const tick of ticks) {
    const y = base - scale(tick);
    chart.append(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: tick === 0 ? "baseline" : "grid" }));
    chart.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis" }, String(tick)));
  }
  const tip = svg("g", { class: "tip", "aria-hidden": "true", visibility: "hidden" });
  const hours: SVGGElement[] = [];
  // every 3 hours where there is room, else every 6
  const every = slot * 3 >= HOUR_LABEL_PX ? 3 : 6;
  const dates: { x: number; text: string }[] = [];
  buckets.forEach((b, i) => {
    const x = left + i * slot;
    const ok = scale(b.succeeded);
    const bad = scale(b.failed);
    const start = new Date(b.hour);
    const g = svg("g", { class: "hour", role: "img", tabindex: i === buckets.length - 1 ? 0 : -1, "aria-label": `${hourName(b)}: ${b.succeeded} succeeded, ${b.failed} failed` });
    g.append(svg("rect", { x, y: top, width: slot, height: plotHeight, class: "hit" }));
    g.append(svg("rect", { x: x + 2, y: base - ok, width: slot - 4, height: ok, class: "bar-ok" }));
    g.append(svg("rect", { x: x + 2, y: base - ok - bad, width: slot - 4, height: bad, class: "bar-failed" }));
    chart.append(g);
    hours.push(g);
    if (start.getHours() % every !== 0) return;
    const middle = x + slot / 2;
    chart.append(svg("text", { x: middle, y: base + 15, "text-anchor": "middle", class: "axis" }, String(start.getHours()).padStart(2, "0")));
    const date = start.toLocaleDateString(undefined, { day: "numeric", month: "short" });
    if (date !== dates.at(-1)?.text) dates.push({ x: middle, text: date });
  });
  // the first label's date gives way to the next day's when they would touch
  if (dates.length > 1 && dates[1]!.x - dates[0]!.x < DATE_LABEL_PX) dates.shift();
  for (const d of dates) chart.append(svg("text", { x: Math.max(d.x, 24), y: base + 33, "text-anchor": "middle", class: "axis date" }, d.text));
  chart.append(tip);

  /** The tooltip over hour `i`, kept inside the drawing. */
  function show(i: number) {
    const b = buckets[i]!;
    hours.forEach((g, j) => g.classList.toggle("active", j === i));
    const lines = [hourName(b), `${b.succeeded} succeeded`, `${b.failed} failed`];
    tip.replaceChildren(svg("rect", { class: "tip-box", rx: 4 }), ...lines.map((line, n) => svg("text", { class: n === 0 ? "tip-title" : n === 2 ? "tip-failed" : "tip-ok" }, line)));
    tip.setAttribute("visibility", "visible");
    const texts = [...tip.querySelectorAll("text")];
    const lineHeight = texts[0]!.getBBox().height + 2;
    const boxWidth = Math.max(...texts.map((t) => t.getBBox().width)) + 16;
    const boxHeight = lineHeight * lines.length + 10;
    const centre = left + (i + 0.5) * slot;
    const x = Math.min(Math.max(centre - boxWidth / 2, 0), width - boxWidth);
    texts.forEach((t, n) => (t.setAttribute("x", String(x + 8)), t.setAttribute("y", String(top + 4 + lineHeight * (n + 1) - 4))));
    const box = tip.querySelector("rect")!;
    for (const [k, v] of Object.entries({ x, y: top, width: boxWidth, height: boxHeight })) box.setAttribute(k, String(v));
  }
  function hide() {
    tip.setAttribute("visibility", "hidden");
    for (const g of hours) g.classList.remove("active");
  }
  hours.forEach((g, i) => {
    g.addEventListener("pointerenter", () => show(i));
    g.addEventListener("focus", () => show(i));
    g.addEventListener("blur", hide);
    g.addEventListener("keydown", (e) => {
      const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: hours.length - 1 }[e.key];
      if (next === undefined || next < 0 || next >= hours.length) return;
      e.preventDefault();
      // one tab stop for the chart: the hour last focused
      g.setAttribute("tabindex", "-1");
      hours[next]!.setAttribute("tabindex", "0");
      hours[next]!.focus();
    });
  });
  chart.addEventListener("pointerleave", () => {
    if (!chart.contains(document.activeElement)) hide();
  });
  return [
    chart,
    h(
      "figcaption",
      {},
      h("span", { class: "legend-ok" }, "■"),
      ` succeeded (${total.ok})  `,
      h("span", { class: "legend-failed" }, "■"),
      ` failed (${total.bad}) per hour, last 24 hours`,
      total.ok + total.bad === 0 ? h("span", { class: "hint" }, " – none finished yet") : null,
    ),
  ];
}
