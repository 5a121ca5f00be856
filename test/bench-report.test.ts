import { describe, expect, test } from "bun:test";
import { renderSummary, summarize, verdict, type Figure } from "../scripts/bench/report.ts";

const ratio = (value: number | null, note?: string): Figure => ({ name: "CPU per delivery / loop, 1 endpoint", value, unit: "×", target: { kind: "atMost", limit: 3 }, ...(note ? { note } : {}) });
const rate = (value: number): Figure => ({ name: "delivery, 1 endpoint", value, unit: "webhooks/s" });

describe("scripts/bench/report.ts", () => {
  test("an inclusive target passes at its limit, a strict one does not", () => {
    expect(verdict(ratio(3))).toBe("pass");
    expect(verdict(ratio(3.01))).toBe("FAIL");
    expect(verdict({ name: "RSS peak", value: 150, unit: "MB", target: { kind: "max", limit: 150 } })).toBe("FAIL");
    expect(verdict(ratio(null))).toBe("FAIL");
  });

  test("several runs give each figure's min, median and max, how many runs failed, and the median run's note", () => {
    const runs = [
      [ratio(2.5, "first"), rate(5000)],
      [ratio(3.5, "second"), rate(4000)],
      [ratio(2.9, "third"), rate(6000)],
    ];
    const [cost, delivery] = summarize(runs);
    expect(cost).toEqual({ name: "CPU per delivery / loop, 1 endpoint", unit: "×", target: { kind: "atMost", limit: 3 }, min: 2.5, median: 2.9, max: 3.5, verdict: "FAIL in 1 of 3", note: "third" });
    expect(delivery).toMatchObject({ min: 4000, median: 5000, max: 6000, verdict: "" });
  });

  test("a run that could not measure a figure counts as failed and is left out of the range", () => {
    const [all] = summarize([[ratio(2)], [ratio(null)]]);
    expect(all).toMatchObject({ min: 2, median: 2, max: 2, verdict: "FAIL in 1 of 2" });
    const [none] = summarize([[ratio(null)], [ratio(null)]]);
    expect(none).toMatchObject({ min: null, median: null, max: null, verdict: "FAIL" });
    expect(renderSummary([none!], 2)).toContain("n/a");
  });

  test("the summary table shows the target with its sign", () => {
    const table = renderSummary(summarize([[ratio(2.5)], [ratio(2.7)]]), 2);
    expect(table.split("\n")[0]).toMatch(/^figure \(2 runs\)\s+min\s+median\s+max\s+target/);
    expect(table).toContain("≤ 3 ×");
    expect(table).toMatch(/2\.5 ×\s+2\.7 ×\s+2\.7 ×\s+≤ 3 ×\s+pass/);
  });
});
