ALTER TABLE `events` ADD `filtered_out` text;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `filter` text DEFAULT '[]' NOT NULL;