CREATE TABLE `recoveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`webhook_id` integer NOT NULL,
	`since` integer NOT NULL,
	`until` integer NOT NULL,
	`matched` integer NOT NULL,
	`requeued` integer DEFAULT 0 NOT NULL,
	`next_after_id` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recoveries_unfinished_idx` ON `recoveries` (`id`) WHERE "recoveries"."finished_at" is null;