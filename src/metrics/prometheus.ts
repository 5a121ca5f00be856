/**
 * Just enough of the Prometheus text format (version 0.0.4) for this service's
 * counters, gauges and one histogram; a client library would be most of the binary's
 * dependency weight for this.
 */
export type Labels = Record<string, string | number>;

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
  return `{${entries.map(([k, v]) => `${k}="${escape(String(v))}"`).join(",")}}`;
}

/**
 * A series' key: its label values in the order the metric names its labels, which the
 * type makes every caller give. Counted on every delivery, so no sorting of entries.
 */
function seriesKey<L extends string>(names: readonly L[], labels: Record<L, string | number>): string {
  return names.length === 0 ? "" : JSON.stringify(names.map((name) => labels[name]));
}

export class Counter<L extends string = never> {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[] = [],
  ) {}

  inc(labels: Record<L, string | number>, by = 1): void {
    const key = seriesKey(this.labelNames, labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join("\n");
  }
}

export class Histogram<L extends string = never> {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: number[],
    private readonly labelNames: readonly L[] = [],
  ) {}

  observe(value: number, labels = {} as Record<L, string | number>): void {
    const key = seriesKey(this.labelNames, labels);
    const s = this.series.get(key) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((bound, i) => {
      if (value <= bound) s.counts[i]!++;
    });
    s.sum += value;
    s.count++;
    this.series.set(key, s);
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((bound, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: bound })} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: "+Inf" })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join("\n");
  }
}

/** A gauge read when scraped. */
export function renderGauge(name: string, help: string, samples: { labels?: Labels; value: number }[]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map((s) => `${name}${labelText(s.labels ?? {})} ${s.value}`)].join("\n");
}
