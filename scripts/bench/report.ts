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

function formatValue(value: number | null, unit: string): string {
  return value === null ? "n/a" : `${formatNumber(value)} ${unit}`.trim();
}

const TARGET_SIGNS = { min: "≥", max: "<", atMost: "≤" } as const;

function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return "";
  return `${TARGET_SIGNS[target.kind]} ${formatNumber(target.limit)} ${unit}`.trim();
}

function renderRows(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A plain-text table: figure, value, target, verdict, and the note where there is one. */
export function renderTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, formatValue(f.value, f.unit), formatTarget(f.target, f.unit), verdict(f), f.note ?? ""]);
  return renderRows(["figure", "value", "target", "", "note"], rows);
}

/** One figure over several runs. */
export interface FigureRange {
  name: string;
  unit: string;
  target?: Target;
  /** Of the runs that measured it; null when none did. */
  min: number | null;
  median: number | null;
  max: number | null;
  /** "pass" when every run passed, "FAIL" when none did, else how many failed. */
  verdict: string;
  /** The median run's note. */
  note?: string;
}

function rangeVerdict(figures: Figure[]): string {
  if (!figures[0]!.target) return "";
  const failed = figures.filter((f) => verdict(f) !== "pass").length;
  if (failed === 0) return "pass";
  return failed === figures.length ? "FAIL" : `FAIL in ${failed} of ${figures.length}`;
}

/** Each figure's min, median (the upper middle of an even count) and max over `runs`, in the first run's order. */
export function summarize(runs: Figure[][]): FigureRange[] {
  return runs[0]!.map(({ name, unit, target }) => {
    const figures = runs.flatMap((figures) => figures.find((f) => f.name === name) ?? []);
    const measured = figures.flatMap((f) => (f.value === null ? [] : [{ ...f, value: f.value }])).sort((a, b) => a.value - b.value);
    const median = measured.length > 0 ? medianBy(measured, (f) => f.value) : undefined;
    return {
      name,
      unit,
      ...(target ? { target } : {}),
      min: measured[0]?.value ?? null,
      median: median?.value ?? null,
      max: measured.at(-1)?.value ?? null,
      verdict: rangeVerdict(figures),
      ...(median?.note ? { note: median.note } : {}),
    };
  });
}

/** The table of several runs: min, median and max per figure, the target, how many runs met it, the median run's note. */
export function renderSummary(ranges: FigureRange[], runs: number): string {
  const rows = ranges.map((r) => [r.name, formatValue(r.min, r.unit), formatValue(r.median, r.unit), formatValue(r.max, r.unit), formatTarget(r.target, r.unit), r.verdict, r.note ?? ""]);
  return renderRows([`figure (${runs} runs)`, "min", "median", "max", "target", "", "note (median run)"], rows);
}
