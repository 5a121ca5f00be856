CREATE TABLE `attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`attempt_no` integer NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`method` text NOT NULL,
	`url` text NOT NULL,
	`response_status` integer,
	`error` text,
	`request_headers` text,
	`request_body` text,
	`response_headers` text,
	`response_body` text,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attempts_delivery_idx` ON `attempts` (`delivery_id`,`attempt_no`);--> statement-breakpoint
CREATE TABLE `auth_tokens` (
	`webhook_id` integer PRIMARY KEY NOT NULL,
	`token_enc` text NOT NULL,
	`auth_fingerprint` text NOT NULL,
	`fetched_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_uuid` text NOT NULL,
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
	FOREIGN KEY (`event_uuid`) REFERENCES `events`(`uuid`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_event_webhook_uq` ON `deliveries` (`event_uuid`,`webhook_id`);--> statement-breakpoint
CREATE INDEX `deliveries_webhook_due_idx` ON `deliveries` (`webhook_id`,`next_attempt_at`) WHERE "deliveries"."status" in ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`next_attempt_at`) WHERE "deliveries"."status" in ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX `deliveries_created_idx` ON `deliveries` (`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_webhook_idx` ON `deliveries` (`webhook_id`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_type_idx` ON `deliveries` (`event_type`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_ticket_idx` ON `deliveries` (`ticket_id`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_status_idx` ON `deliveries` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_finished_idx` ON `deliveries` (`finished_at`) WHERE "deliveries"."finished_at" is not null;--> statement-breakpoint
CREATE TABLE `events` (
	`uuid` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`ticket_id` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`received_at` integer NOT NULL,
	`fanned_out_at` integer
);
--> statement-breakpoint
CREATE INDEX `events_unfanned_idx` ON `events` (`received_at`) WHERE "events"."fanned_out_at" is null;--> statement-breakpoint
CREATE INDEX `events_received_idx` ON `events` (`received_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`method` text NOT NULL,
	`events` text NOT NULL,
	`headers` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`body_mime_type` text NOT NULL,
	`log_body_and_headers` integer DEFAULT false NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`failing_since` integer,
	`auth_type` text DEFAULT 'none' NOT NULL,
	`auth_url` text DEFAULT '' NOT NULL,
	`auth_method` text DEFAULT 'POST' NOT NULL,
	`auth_headers` text DEFAULT '' NOT NULL,
	`auth_body` text DEFAULT '' NOT NULL,
	`auth_body_mime_type` text DEFAULT 'application/json' NOT NULL,
	`auth_username` text DEFAULT '' NOT NULL,
	`auth_password_enc` text,
	`auth_token_refresh_minutes` integer DEFAULT 60 NOT NULL,
	`auth_token_field` text DEFAULT '' NOT NULL,
	`signing_secret_enc` text,
	`previous_signing_secret_enc` text,
	`previous_signing_secret_expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL
);
