ALTER TABLE `deliveries` ADD `test` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `deliveries_made` integer;--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`,`id`);--> statement-breakpoint
CREATE INDEX `events_no_delivery_ticket_idx` ON `events` (`ticket_id`,`id`) WHERE "events"."deliveries_made" = 0;--> statement-breakpoint
UPDATE `events` SET `deliveries_made` = 0 WHERE `fanned_out_at` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `deliveries` WHERE `deliveries`.`event_id` = `events`.`id`);