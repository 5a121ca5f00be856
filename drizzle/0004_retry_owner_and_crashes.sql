ALTER TABLE `deliveries` ADD `scheduled_by` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `crashes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `failed_attempts` integer DEFAULT 0 NOT NULL;