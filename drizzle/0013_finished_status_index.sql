DROP INDEX `deliveries_status_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_finished_status_idx` ON `deliveries` (`status`,`id`) WHERE "deliveries"."status" in ('succeeded', 'failed');