/** Figures, their targets, and how they are shown: the table on stdout and bench-results.json. */

const started = performance.now();

/** One line on stderr per phase, so a three-minute run shows where it is. */
export function progress(message: string): void {
  console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

export interface Target {
  /** "min": the value must reach the limit; "max": it must stay below it; "atMost": it may equal it. */
  kind: "min" | "max" | "atMost";
  limit: number;
}

export interface Figure {
  name: string;
  /** null when the measurement could not be taken (its note says why). */
  value: number | null;
  unit: string;
  target?: Target;
  note?: string;
}

export type Verdict = "pass" | "FAIL" | "";

export function verdict(figure: Figure): Verdict {
  if (!figure.target) return "";
  if (figure.value === null) return "FAIL";
  const { kind, limit } = figure.target;
  const met = { min: figure.value >= limit, max: figure.value < limit, atMost: figure.value <= limit }[kind];
  return met ? "pass" : "FAIL";
}

/** The middle one of `items` by `value` (the upper middle of an even count). */
export function medianBy<T>(items: T[], value: (item: T) => number): T {
  return [...items].sort((a, b) => value(a) - value(b))[Math.floor(items.length / 2)]!;
}

/** The p-th percentile (0..100) by nearest rank; NaN for no samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function formatValue(figure: Figure): string {
  return figure.value === null ? "n/a" : `${formatNumber(figure.value)} ${figure.unit}`.trim();
}

const TARGET_SIGNS = { min: "≥", max: "<", atMost: "≤" } as const;

function formatTarget(figure: Figure): string {
  if (!figure.target) return "";
  return `${TARGET_SIGNS[figure.target.kind]} ${formatNumber(figure.target.limit)} ${figure.unit}`.trim();
}

/** A plain-text table: figure, value, target, verdict, and the note where there is one. */
export function renderTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, formatValue(f), formatTarget(f), verdict(f), f.note ?? ""]);
  const header = ["figure", "value", "target", "", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
