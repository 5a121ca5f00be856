ALTER TABLE `webhooks` ADD `tls_ca` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `tls_client_cert` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `tls_client_key_enc` text;