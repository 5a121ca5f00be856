DROP INDEX `deliveries_due_idx`;--> statement-breakpoint
DROP INDEX `deliveries_claimed_idx`;