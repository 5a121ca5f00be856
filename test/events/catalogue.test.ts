import { describe, expect, test } from "bun:test";
import { eventPatternProblem, eventTypeProblem, knownTypesMatching, matchesEventPattern } from "../../src/events/catalogue.ts";

describe("event patterns", () => {
  test.each([
    ["*", "ticket.logged_in", true],
    ["*", "custom.x", true],
    ["ticket.*", "ticket.logged_out.timeout", true],
    ["ticket.*", "system.started", false],
    ["ticket.logged_out.*", "ticket.logged_out.limit_exceeded", true],
    ["ticket.logged_out.*", "ticket.logged_out", false],
    ["system.backup.*", "system.backup.error", true],
    ["system.backup.*", "system.started", false],
    ["ticket.logged_out", "ticket.logged_out.timeout", false],
    ["ticket.logged_out", "ticket.logged_out", true],
    ["custom.*", "custom.checkout", true],
  ])("%s matches %s: %p", (pattern, type, expected) => {
    expect(matchesEventPattern(pattern, type)).toBe(expected);
  });

  test("valid patterns", () => {
    for (const p of ["*", "ticket.*", "system.*", "system.backup.*", "ticket.logged_out.*", "custom.*", "custom.pms.*", "ticket.revoked", "custom.checkout"]) {
      expect(eventPatternProblem(p)).toBeNull();
    }
  });

  test("invalid patterns say why", () => {
    expect(eventPatternProblem("hotel.*")).toContain("matches no event type");
    expect(eventPatternProblem("ticket*")).toContain("unknown event type");
    expect(eventPatternProblem("custom.Bad.*")).toContain("not a valid wildcard");
    expect(eventPatternProblem("")).toContain("unknown event type");
    expect(eventTypeProblem("custom.")).toContain("not a valid custom event type");
  });

  test("the known types a subscription covers, in catalogue order", () => {
    expect(knownTypesMatching(["system.backup.*", "ticket.revoked"])).toEqual([
      "ticket.revoked",
      "system.backup.started",
      "system.backup.done",
      "system.backup.error",
    ]);
  });
});
