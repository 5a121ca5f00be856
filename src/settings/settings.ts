import { z } from "zod";

/**
 * The general settings (the third tab). Defaults follow the vendor where it has one
 * (read interval 10 s; a week of log) and the usual webhook practice otherwise.
 */
/** A whole number of `unit`s from `min` to `max`, with messages a person understands. */
function whole(unit: string, min: number, max: number, minMessage = `must be at least ${min} ${unit}`) {
  return z
    .number(`must be a number of ${unit}s`)
    .int(`must be a whole number of ${unit}s`)
    .min(min, minMessage)
    .max(max, `must be at most ${max} ${unit}s`);
}

export const SettingsSchema = z
  .strictObject({
    enabled: z.boolean("must be true or false").describe("Feature switch: when off, events are kept but nothing is sent"),
    read_interval_seconds: whole("second", 1, 3600),
    log_retention_hours: whole("hour", 1, 8760),
    // a delivery's claim lasts 30 s; a request must end well inside it
    request_timeout_seconds: whole("second", 1, 25),
    max_attempts: whole("attempt", 1, 20),
    auto_disable_hours: whole("hour", 0, 8760, "must be 0 (never) or more"),
  })
  .meta({ id: "Settings" });

export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  read_interval_seconds: 10,
  log_retention_hours: 168,
  request_timeout_seconds: 10,
  max_attempts: 6,
  auto_disable_hours: 24,
};

export const SettingsPatchSchema = SettingsSchema.partial().meta({ id: "SettingsPatch" });
