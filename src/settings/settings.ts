import { z } from "zod";

/**
 * The general settings (the third tab). Defaults follow the vendor where it has one
 * (read interval 10 s; a week of log) and the usual webhook practice otherwise.
 */
export const SettingsSchema = z
  .strictObject({
    enabled: z.boolean("must be true or false").describe("Feature switch: when off, events are kept but nothing is sent"),
    read_interval_seconds: z
      .number("must be a number of seconds")
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 second")
      .max(3600, "must be at most 3600 seconds"),
    log_retention_hours: z
      .number("must be a number of hours")
      .int("must be a whole number of hours")
      .min(1, "must be at least 1 hour")
      .max(8760, "must be at most 8760 hours (one year)"),
    request_timeout_seconds: z
      .number("must be a number of seconds")
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 second")
      // a delivery's claim lasts 30 s; a request must end well inside it
      .max(25, "must be at most 25 seconds"),
    max_attempts: z
      .number("must be a number")
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(20, "must be at most 20"),
    auto_disable_hours: z
      .number("must be a number of hours")
      .int("must be a whole number of hours")
      .min(0, "must be 0 (never) or more")
      .max(8760, "must be at most 8760 hours"),
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
