ALTER TABLE `deliveries` ADD `held_back_by` integer;--> statement-breakpoint
CREATE INDEX `deliveries_ticket_queue_idx` ON `deliveries` (`webhook_id`,`ticket_id`) WHERE "deliveries"."status" in ('pending', 'retrying') and "deliveries"."ticket_id" <> '';--> statement-breakpoint
ALTER TABLE `webhooks` ADD `ordering` text DEFAULT 'ticket' NOT NULL;