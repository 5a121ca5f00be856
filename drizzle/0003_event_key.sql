-- Deliveries refer to their event by an integer key instead of its uuid. Both tables are
-- rebuilt; the migration runner turns foreign keys off around it (a dropped table must
-- not cascade) and checks them before committing.
CREATE TABLE `__new_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`type` text NOT NULL,
	`ticket_id` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`received_at` integer NOT NULL,
	`fanned_out_at` integer
);
--> statement-breakpoint
INSERT INTO `__new_events` (`uuid`, `type`, `ticket_id`, `created_at`, `data`, `received_at`, `fanned_out_at`)
  SELECT `uuid`, `type`, `ticket_id`, `created_at`, `data`, `received_at`, `fanned_out_at` FROM `events` ORDER BY rowid;
--> statement-breakpoint
CREATE UNIQUE INDEX `events_uuid_uq` ON `__new_events` (`uuid`);
--> statement-breakpoint
CREATE TABLE `__new_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`webhook_id` integer,
	`webhook_name` text NOT NULL,
	`event_type` text NOT NULL,
	`ticket_id` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`retry_base` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`claimed_by` text,
	`claim_expires_at` integer,
	`response_status` integer,
	`error` text,
	`duration_ms` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_deliveries` (`id`, `event_id`, `webhook_id`, `webhook_name`, `event_type`, `ticket_id`, `status`, `attempts`, `retry_base`, `next_attempt_at`, `claimed_by`, `claim_expires_at`, `response_status`, `error`, `duration_ms`, `created_at`, `updated_at`, `finished_at`)
  SELECT d.`id`, e.`id`, d.`webhook_id`, d.`webhook_name`, d.`event_type`, d.`ticket_id`, d.`status`, d.`attempts`, d.`retry_base`, d.`next_attempt_at`, d.`claimed_by`, d.`claim_expires_at`, d.`response_status`, d.`error`, d.`duration_ms`, d.`created_at`, d.`updated_at`, d.`finished_at`
  FROM `deliveries` d JOIN `__new_events` e ON e.`uuid` = d.`event_uuid`;
--> statement-breakpoint
DELETE FROM `sqlite_sequence` WHERE `name` = '__new_deliveries';
--> statement-breakpoint
INSERT INTO `sqlite_sequence` (`name`, `seq`) SELECT '__new_deliveries', `seq` FROM `sqlite_sequence` WHERE `name` = 'deliveries';
--> statement-breakpoint
DROP TABLE `deliveries`;
--> statement-breakpoint
DROP TABLE `events`;
--> statement-breakpoint
ALTER TABLE `__new_events` RENAME TO `events`;
--> statement-breakpoint
ALTER TABLE `__new_deliveries` RENAME TO `deliveries`;
--> statement-breakpoint
CREATE INDEX `events_unfanned_idx` ON `events` (`received_at`) WHERE "events"."fanned_out_at" is null;
--> statement-breakpoint
CREATE INDEX `events_received_idx` ON `events` (`received_at`);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_event_webhook_uq` ON `deliveries` (`event_id`,`webhook_id`);
--> statement-breakpoint
CREATE INDEX `deliveries_webhook_due_idx` ON `deliveries` (`webhook_id`,`next_attempt_at`) WHERE "deliveries"."status" in ('pending', 'retrying');
--> statement-breakpoint
CREATE INDEX `deliveries_created_idx` ON `deliveries` (`created_at`);
--> statement-breakpoint
CREATE INDEX `deliveries_webhook_idx` ON `deliveries` (`webhook_id`,`id`);
--> statement-breakpoint
CREATE INDEX `deliveries_type_idx` ON `deliveries` (`event_type`,`id`);
--> statement-breakpoint
CREATE INDEX `deliveries_ticket_idx` ON `deliveries` (`ticket_id`,`id`);
--> statement-breakpoint
CREATE INDEX `deliveries_status_idx` ON `deliveries` (`status`,`id`);
--> statement-breakpoint
CREATE INDEX `deliveries_finished_idx` ON `deliveries` (`finished_at`) WHERE "deliveries"."finished_at" is not null;