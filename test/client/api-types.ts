// Made by scripts/openapi-types.ts from the served OpenAPI document: do not edit.

export interface paths {
    "/api/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The configuration as one document, without secrets */
        get: operations["getConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/config/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The configuration with its secrets, sealed with a passphrase (a backup) */
        post: operations["exportConfig"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/config/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import a configuration document (checked whole first; one transaction) */
        post: operations["importConfig"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event types a webhook can subscribe to (wildcards: 'ticket.*', 'system.backup.*', '*'; custom types: 'custom.<name>') */
        get: operations["listEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every event held, newest first, and what became of each */
        get: operations["listEvents"];
        put?: never;
        /** Queue events; answers once they are durably stored */
        post: operations["queueEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{uuid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One event as received, with each delivery it led to */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness check (no authentication) */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event log: deliveries, newest first */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/log/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery with every attempt */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/log/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send that event to that endpoint again */
        post: operations["resendDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/log/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhooks the log can be filtered by: every existing one, and the deleted ones that still have entries */
        get: operations["listLogWebhooks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/placeholders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every placeholder a template may use as {{name}} */
        get: operations["listPlaceholders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/recoveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How far a recovery got */
        get: operations["getRecovery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** General settings */
        get: operations["getSettings"];
        /** Replace all general settings */
        put: operations["replaceSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change some general settings */
        patch: operations["updateSettings"];
        trace?: never;
    };
    "/api/stats/hourly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Finished deliveries per hour over the last 24 hours */
        get: operations["getHourlyStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stats/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each webhook's latest delivery and its last 24 hours */
        get: operations["getWebhookStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API tokens (never the tokens themselves) */
        get: operations["listApiTokens"];
        put?: never;
        /** Create an API token with scopes */
        post: operations["createApiToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (its next request is a 401) */
        delete: operations["revokeApiToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhooks */
        get: operations["listWebhooks"];
        put?: never;
        /** Create a webhook */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook */
        get: operations["getWebhook"];
        /** Replace a webhook (an omitted password is kept) */
        put: operations["replaceWebhook"];
        post?: never;
        /** Delete a webhook (its log entries stay) */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Change some settings of a webhook */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/api/webhooks/{id}/auth/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the authentication step alone and report the outcome */
        post: operations["testWebhookAuth"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Save a webhook as a copy, with the changes in the body (as PATCH) applied; named '<name> (copy)' unless they name it */
        post: operations["copyWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render the request a webhook would send */
        post: operations["previewWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send again every delivery of this webhook that finally failed in a time range (after an outage); answers how many */
        post: operations["recoverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/signing-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create or rotate the signing secret (shown only in this answer); the old one keeps signing for 24 h */
        post: operations["rotateSigningSecret"];
        /** Turn signing off */
        delete: operations["deleteSigningSecret"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test event to this webhook now (a sample, or the event given), bypassing the queue; recorded in the log as a test */
        post: operations["sendTestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render the request an unsaved webhook would send */
        post: operations["previewNewWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/preview/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render what a webhook being typed would send, and list its problems
         * @description For a form being filled in: answers 200 with what renders and every problem found, where /webhooks/preview answers 422 at the first invalid field. Only a request that is not an object of this shape, or an invalid event, is a 422.
         */
        post: operations["previewWebhookDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Accepted: {
            /** @description The uuid of every event, in the order sent */
            accepted: string[];
            /** @description Those already known: not queued again */
            duplicates: string[];
        };
        ApiToken: {
            created_at: string;
            id: number;
            /** @description Noted at most once a minute */
            last_used_at: string | null;
            name: string;
            scopes: ("events:write" | "read" | "admin")[];
        };
        ApiTokenInput: {
            name: string;
            /** @description events:write: POST /api/events only; read: every GET but the tokens; admin: everything */
            scopes: ("events:write" | "read" | "admin")[];
        };
        /** @description Headers and bodies are present only when the webhook logs them */
        Attempt: {
            attempt: number;
            duration_ms: number;
            error: string | null;
            method: string;
            request_body?: string | null;
            request_headers?: {
                [key: string]: string;
            } | null;
            response_body?: string | null;
            response_headers?: {
                [key: string]: string;
            } | null;
            response_status: number | null;
            started_at: string;
            url: string;
        };
        AuthSettings: {
            body: string;
            /** @enum {string} */
            body_mime_type: "application/json" | "application/xml" | "application/x-www-form-urlencoded";
            headers: string;
            /** @enum {string} */
            method: "POST" | "GET";
            /** @description Whether a password is stored; it is never returned */
            password_set: boolean;
            token_field: string;
            token_refresh_interval: number;
            /** @enum {string} */
            type: "none" | "basic" | "token";
            url: string;
            username: string;
        };
        /**
         * @default {
         *       "type": "none"
         *     }
         */
        AuthSettingsInput: {
            body?: string;
            /** @enum {string} */
            body_mime_type?: "application/json" | "application/xml" | "application/x-www-form-urlencoded";
            headers?: string;
            /** @enum {string} */
            method?: "POST" | "GET";
            /** @description Write-only: responses carry password_set instead */
            password?: string;
            token_field?: string;
            token_refresh_interval?: number;
            /** @enum {string} */
            type?: "none" | "basic" | "token";
            url?: string;
            username?: string;
        };
        AuthTestResult: {
            error?: string;
            expires_at?: string;
            message: string;
            ok: boolean;
            /** @description Always redacted */
            token?: string;
            token_length?: number;
            /** @enum {string} */
            type: "basic" | "token";
        };
        ConfigDocument: {
            exported_at?: string;
            /** @enum {number} */
            format: 1;
            /** @description Passwords, TLS client keys and signing secrets, sealed with the export's passphrase; absent from GET /api/config */
            secrets?: {
                cipher: {
                    iv: string;
                    /** @enum {string} */
                    name: "AES-256-GCM";
                };
                data: string;
                kdf: {
                    N: number;
                    /** @enum {string} */
                    name: "scrypt";
                    p: number;
                    r: number;
                    salt: string;
                };
            };
            service_version?: string;
            /** @description A setting left out keeps its value (merge) or takes its default (replace) */
            settings: {
                auto_disable_hours?: number;
                /** @description Feature switch: when off, events are kept but nothing is sent */
                enabled?: boolean;
                log_retention_hours?: number;
                max_attempts?: number;
                read_interval_seconds?: number;
                request_timeout_seconds?: number;
            };
            webhooks: components["schemas"]["ConfigWebhook"][];
        };
        ConfigExportInput: {
            passphrase: string;
        };
        ConfigImportInput: {
            document: components["schemas"]["ConfigDocument"];
            /**
             * @description Only say what the import would do
             * @default false
             */
            dry_run?: boolean;
            /**
             * @description merge: the document's webhooks are added, or change the stored one of their name; replace: the document becomes the configuration
             * @enum {string}
             */
            mode: "merge" | "replace";
            /** @description The export's passphrase, when the document holds secrets */
            passphrase?: string;
        };
        ConfigImportSummary: {
            dry_run: boolean;
            /** @enum {string} */
            mode: "merge" | "replace";
            settings: {
                changed: string[];
            };
            webhooks: {
                /** @enum {string} */
                action: "add" | "change" | "unchanged" | "remove";
                /** @description The stored webhook's id; null for one the import adds */
                id: number | null;
                name: string;
                notes: string[];
            }[];
        };
        ConfigWebhook: {
            /**
             * @default {
             *       "type": "none"
             *     }
             */
            auth?: {
                body?: string;
                /** @enum {string} */
                body_mime_type?: "application/json" | "application/xml" | "application/x-www-form-urlencoded";
                headers?: string;
                /** @enum {string} */
                method?: "POST" | "GET";
                token_field?: string;
                token_refresh_interval?: number;
                /** @enum {string} */
                type?: "none" | "basic" | "token";
                url?: string;
                username?: string;
            };
            /** @default  */
            body?: string;
            /**
             * @default application/json
             * @enum {string}
             */
            body_mime_type?: "application/json" | "application/xml";
            /** @default true */
            enabled?: boolean;
            events: string[];
            /**
             * @description Conditions on the event's fields that must all hold for the event to be sent (decided when it is received); empty: every event of the subscribed types
             * @default []
             */
            filter?: {
                field: string;
                /** @enum {string} */
                op: "eq" | "ne" | "in" | "not_in" | "exists" | "not_exists" | "starts_with" | "gt" | "gte" | "lt" | "lte";
                value?: string | number | string[];
            }[];
            /** @default  */
            headers?: string;
            /** @description A reference within the document (the sealed secrets name it), not the id it gets */
            id: number;
            /** @default false */
            log_body_and_headers?: boolean;
            /**
             * @default POST
             * @enum {string}
             */
            method?: "POST" | "GET" | "PUT" | "DELETE";
            name: string;
            /**
             * @description ticket: a ticket's deliveries are sent in the order the events were received, each once the one before it has finished; none: as they come
             * @default ticket
             * @enum {string}
             */
            ordering?: "ticket" | "none";
            /**
             * @description At most this many requests a minute to the endpoint, spread evenly; the rest wait their turn. Null: no limit
             * @default null
             */
            rate_limit_per_minute?: number | null;
            /** @default false */
            signing_enabled?: boolean;
            /** @default {} */
            tls?: {
                /** @description PEM certificates trusted for this webhook's requests and its token request, in addition to the system's: a PMS's own CA or self-signed certificate */
                ca?: string;
                /** @description PEM client certificate (chain) sent for mutual TLS, with client_key */
                client_cert?: string;
            };
            url: string;
        };
        CreatedApiToken: components["schemas"]["ApiToken"] & {
            /** @description The token: shown this once, only its hash is kept */
            token: string;
        };
        DraftPreview: {
            /** @description Whether this event passes the webhook's filter (its valid conditions; always when it has none): an event that does not is not sent */
            filter: {
                /** @enum {boolean} */
                passes: true;
            } | {
                /** @enum {boolean} */
                passes: false;
                /** @example ticket_type is parent */
                reason: string;
            };
            /** @description Every problem of the settings (and of rendering them for this event), each naming its field as a 422 would; empty when they would save */
            problems: components["schemas"]["Issue"][];
            request: components["schemas"]["RenderedRequest"] & unknown;
        };
        Error: {
            error: {
                /** @example validation_failed */
                code: string;
                issues: components["schemas"]["Issue"][];
                /** @example url: must start with http:// or https:// */
                message: string;
            };
        };
        Event: components["schemas"]["EventItem"] & {
            data: {
                [key: string]: unknown;
            };
            /** @description Each delivery it led to, oldest first; details at GET /api/log/{id} */
            deliveries: components["schemas"]["LogItem"][];
            /** @description The webhooks subscribed to its type whose filter turned it away, each with the condition's reason: no delivery was made for them */
            filtered_out: {
                /** @example ticket_type is parent */
                reason: string;
                webhook_id: number;
                webhook_name: string;
            }[];
        };
        EventInput: {
            /** Format: date-time */
            created_at?: string;
            data?: {
                backend?: string | null;
                backend_data?: {
                    [key: string]: unknown;
                } | string | null;
                backend_group?: string | null;
                client_ip?: string | null;
                client_mac?: string | null;
                client_vlan_rt?: string | null;
                description?: string | null;
                limit?: ("time" | "volume" | "n/a") | "" | null;
                login_type?: ("first" | "reconnect" | "n/a") | "" | null;
                shared_limits?: ("0" | "1") | 1 | 0 | "" | null;
                template_id?: number | string | null;
                template_name?: string | null;
                ticket_parent_group?: number | string | null;
                ticket_price?: number | string | null;
                ticket_type?: ("single" | "parent" | "child") | "" | null;
                time_limit?: number | string | null;
                time_used?: number | string | null;
                /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                timestamp_created?: string | number | null;
                /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                timestamp_expires?: string | number | null;
                /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                timestamp_first_logon?: string | number | null;
                /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                timestamp_lastseen?: string | number | null;
                volume_limit?: number | string | null;
                volume_used?: number | string | null;
                volume_used_download?: number | string | null;
                volume_used_upload?: number | string | null;
            } & {
                [key: string]: unknown;
            };
            ticket_id?: string | number;
            type: string;
            /** Format: uuid */
            uuid?: string;
        };
        EventItem: {
            created_at: string;
            /** @description Deliveries it led to (0: matched no webhook; null while waiting), those removed since included */
            deliveries_made: number | null;
            /** @description Its deliveries in the log, by status */
            delivery_counts: {
                failed: number;
                pending: number;
                retrying: number;
                succeeded: number;
            };
            received_at: string;
            /**
             * @description waiting: not yet matched against the webhooks (sending is switched off, or the dispatcher has not read it yet); matched_no_webhook; in_progress: a delivery is pending or retrying; failed: a delivery failed; succeeded: all did; past_retention: its deliveries were removed by the log's retention
             * @enum {string}
             */
            status: "waiting" | "matched_no_webhook" | "in_progress" | "succeeded" | "failed" | "past_retention";
            /** @description Sent by POST /api/webhooks/:id/test */
            test: boolean;
            ticket_id: string;
            type: string;
            uuid: string;
        };
        EventType: {
            description: string;
            /** @enum {string} */
            group: "ticket" | "system";
            type: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            version: string;
        };
        HourBucket: {
            failed: number;
            hour: string;
            succeeded: number;
        };
        Issue: {
            message: string;
            path: string;
        };
        LogEntry: components["schemas"]["LogItem"] & {
            attempt_log: components["schemas"]["Attempt"][];
            event: {
                created_at: string;
                data: {
                    [key: string]: unknown;
                };
                ticket_id: string;
                type: string;
                uuid: string;
            } | null;
        };
        LogItem: {
            attempts: number;
            created_at: string;
            duration_ms: number | null;
            error: string | null;
            event_type: string;
            event_uuid: string;
            finished_at: string | null;
            /** @description The earlier delivery of the same ticket to the same webhook that this one waits for (ordering: ticket), or waited for once that one was done; null when it did not wait */
            held_back_by: number | null;
            id: number;
            next_attempt_at: string | null;
            /** @description Unfinished (pending or retrying) while its webhook is switched off, by an admin or by the service (the webhook's disabled_reason): nothing is sent until the webhook is switched on again, then it goes out at once; next_attempt_at is when it was due */
            paused: boolean;
            response_status: number | null;
            /** @enum {string} */
            status: "pending" | "retrying" | "succeeded" | "failed";
            /** @description A test send (POST /api/webhooks/:id/test): not retried, not counted in the webhook's figures */
            test: boolean;
            ticket_id: string;
            updated_at: string;
            /** @description The webhook was deleted since (webhook_id is then null; filter by its former id) */
            webhook_deleted: boolean;
            webhook_id: number | null;
            /** @description The webhook's name when the delivery was made; kept after the webhook is deleted */
            webhook_name: string;
        };
        /** @description A webhook the log can be filtered by (webhook_id); a deleted one while it has entries */
        LogWebhookChoice: {
            deleted: boolean;
            id: number;
            name: string;
        };
        Placeholder: {
            description: string;
            name: string;
            /** @enum {string} */
            type: "string" | "int" | "timestamp" | "json";
        };
        Recovery: {
            created_at: string;
            /** @description When every one of them was queued again; null while that goes on */
            finished_at: string | null;
            id: number;
            /** @description Failed deliveries in the range when it was asked for */
            matched: number;
            /** @description Queued again so far (each once, with a fresh set of attempts) */
            requeued: number;
            /** @description Deliveries that finally failed from this time on… */
            since: string;
            /** @description …and before this one */
            until: string;
            webhook_id: number;
        };
        RenderedRequest: {
            body: string | null;
            headers: {
                [key: string]: string;
            };
            method: string;
            url: string;
        };
        Settings: {
            auto_disable_hours: number;
            /** @description Feature switch: when off, events are kept but nothing is sent */
            enabled: boolean;
            log_retention_hours: number;
            max_attempts: number;
            read_interval_seconds: number;
            request_timeout_seconds: number;
        };
        SettingsPatch: {
            auto_disable_hours?: number;
            /** @description Feature switch: when off, events are kept but nothing is sent */
            enabled?: boolean;
            log_retention_hours?: number;
            max_attempts?: number;
            read_interval_seconds?: number;
            request_timeout_seconds?: number;
        };
        TestDeliveryResult: {
            duration_ms: number;
            error: string | null;
            event_uuid: string;
            /** @description Its entry in the event log (GET /api/log/{id}), marked as a test */
            log_id: number;
            method: string;
            ok: boolean;
            response_body: string | null;
            response_status: number | null;
            url: string;
        };
        TlsSettings: {
            /** @description PEM certificates trusted for this webhook's requests and its token request, in addition to the system's: a PMS's own CA or self-signed certificate */
            ca: string;
            /** @description PEM client certificate (chain) sent for mutual TLS, with client_key */
            client_cert: string;
            /** @description Whether a TLS client key is stored; it is never returned */
            client_key_set: boolean;
        };
        /**
         * @default {
         *       "ca": "",
         *       "client_cert": "",
         *       "client_key": ""
         *     }
         */
        TlsSettingsInput: {
            /** @description PEM certificates trusted for this webhook's requests and its token request, in addition to the system's: a PMS's own CA or self-signed certificate */
            ca?: string;
            /** @description PEM client certificate (chain) sent for mutual TLS, with client_key */
            client_cert?: string;
            /** @description Write-only: the PEM private key of client_cert, stored encrypted; responses carry client_key_set */
            client_key?: string;
        };
        Webhook: {
            auth: components["schemas"]["AuthSettings"];
            body: string;
            /** @enum {string} */
            body_mime_type: "application/json" | "application/xml";
            created_at: string;
            /** @description Why the service switched the webhook off */
            disabled_reason: string | null;
            enabled: boolean;
            events: string[];
            /** @description Conditions on the event's fields that must all hold for the event to be sent (decided when it is received); empty: every event of the subscribed types */
            filter: {
                field: string;
                /** @enum {string} */
                op: "eq" | "ne" | "in" | "not_in" | "exists" | "not_exists" | "starts_with" | "gt" | "gte" | "lt" | "lte";
                value?: string | number | string[];
            }[];
            headers: string;
            id: number;
            log_body_and_headers: boolean;
            /** @enum {string} */
            method: "POST" | "GET" | "PUT" | "DELETE";
            name: string;
            /**
             * @description ticket: a ticket's deliveries are sent in the order the events were received, each once the one before it has finished; none: as they come
             * @enum {string}
             */
            ordering: "ticket" | "none";
            /** @description At most this many requests a minute to the endpoint, spread evenly; the rest wait their turn. Null: no limit */
            rate_limit_per_minute: number | null;
            signing_enabled: boolean;
            tls: components["schemas"]["TlsSettings"];
            updated_at: string;
            url: string;
        };
        WebhookInput: {
            auth?: components["schemas"]["AuthSettingsInput"];
            /** @default  */
            body?: string;
            /**
             * @default application/json
             * @enum {string}
             */
            body_mime_type?: "application/json" | "application/xml";
            /** @default true */
            enabled?: boolean;
            events: string[];
            /**
             * @description Conditions on the event's fields that must all hold for the event to be sent (decided when it is received); empty: every event of the subscribed types
             * @default []
             */
            filter?: {
                field: string;
                /** @enum {string} */
                op: "eq" | "ne" | "in" | "not_in" | "exists" | "not_exists" | "starts_with" | "gt" | "gte" | "lt" | "lte";
                value?: string | number | string[];
            }[];
            /** @default  */
            headers?: string;
            /** @default false */
            log_body_and_headers?: boolean;
            /**
             * @default POST
             * @enum {string}
             */
            method?: "POST" | "GET" | "PUT" | "DELETE";
            name: string;
            /**
             * @description ticket: a ticket's deliveries are sent in the order the events were received, each once the one before it has finished; none: as they come
             * @default ticket
             * @enum {string}
             */
            ordering?: "ticket" | "none";
            /**
             * @description At most this many requests a minute to the endpoint, spread evenly; the rest wait their turn. Null: no limit
             * @default null
             */
            rate_limit_per_minute?: number | null;
            tls?: components["schemas"]["TlsSettingsInput"];
            url: string;
        };
        WebhookPatch: {
            auth?: components["schemas"]["AuthSettingsInput"];
            body?: string;
            /** @enum {string} */
            body_mime_type?: "application/json" | "application/xml";
            enabled?: boolean;
            events?: string[];
            /** @description Conditions on the event's fields that must all hold for the event to be sent (decided when it is received); empty: every event of the subscribed types */
            filter?: {
                field: string;
                /** @enum {string} */
                op: "eq" | "ne" | "in" | "not_in" | "exists" | "not_exists" | "starts_with" | "gt" | "gte" | "lt" | "lte";
                value?: string | number | string[];
            }[];
            headers?: string;
            log_body_and_headers?: boolean;
            /** @enum {string} */
            method?: "POST" | "GET" | "PUT" | "DELETE";
            name?: string;
            /**
             * @description ticket: a ticket's deliveries are sent in the order the events were received, each once the one before it has finished; none: as they come
             * @enum {string}
             */
            ordering?: "ticket" | "none";
            /** @description At most this many requests a minute to the endpoint, spread evenly; the rest wait their turn. Null: no limit */
            rate_limit_per_minute?: number | null;
            tls?: components["schemas"]["TlsSettingsInput"];
            url?: string;
        };
        WebhookStats: {
            failed_24h: number;
            last_at: string | null;
            last_response_status: number | null;
            last_status: string | null;
            /** @description Deliveries retrying after a failed attempt in the last 24 hours (failed so far) */
            retrying_24h: number;
            succeeded_24h: number;
            /** @description Share of the last 24 hours' deliveries that succeeded: those finished in that time and those retrying (0 for a webhook whose every attempt failed); null when there were none. Test sends are left out */
            success_rate_24h: number | null;
            webhook_id: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Settings and every webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigDocument"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "passphrase": "correct horse battery staple"
                 *     }
                 */
                "application/json": components["schemas"]["ConfigExportInput"];
            };
        };
        responses: {
            /** @description The document, secrets sealed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigDocument"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    importConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "mode": "merge",
                 *       "dry_run": true,
                 *       "document": {
                 *         "format": 1,
                 *         "settings": {
                 *           "max_attempts": 6
                 *         },
                 *         "webhooks": [
                 *           {
                 *             "id": 1,
                 *             "name": "PMS check-out",
                 *             "url": "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}",
                 *             "events": [
                 *               "ticket.logged_out"
                 *             ]
                 *           }
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ConfigImportInput"];
            };
        };
        responses: {
            /** @description What the import did, or would do */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigImportSummary"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Event types */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["EventType"][];
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                cursor?: string;
                event_type?: string;
                limit?: number;
                since?: string;
                ticket_id?: string;
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["EventItem"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    queueEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example [
                 *       {
                 *         "type": "ticket.logged_in",
                 *         "ticket_id": "T-1042",
                 *         "data": {
                 *           "client_ip": "10.0.12.34",
                 *           "client_mac": "aa:bb:cc:dd:ee:ff",
                 *           "login_type": "first",
                 *           "ticket_type": "single",
                 *           "template_name": "Guest 24 h",
                 *           "backend": "PMS",
                 *           "backend_data": {
                 *             "pms": {
                 *               "room": "214",
                 *               "name": "Jane Doe"
                 *             }
                 *           },
                 *           "timestamp_first_logon": "2026-12-03T14:05:00Z"
                 *         }
                 *       },
                 *       {
                 *         "type": "system.backup.started"
                 *       }
                 *     ]
                 */
                "application/json": components["schemas"]["EventInput"] | components["schemas"]["EventInput"][];
            };
        };
        responses: {
            /** @description Stored; delivery follows */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uuid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Starting, or stopping because its database file was deleted or replaced; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                event_type?: string;
                event_uuid?: string;
                limit?: number;
                since?: string;
                status?: "pending" | "retrying" | "succeeded" | "failed";
                ticket_id?: string;
                until?: string;
                /** @description A webhook's id, also of a deleted one (see GET /api/log/webhooks) */
                webhook_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the log */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["LogItem"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogEntry"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resendDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogItem"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listLogWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Existing webhooks by name, then deleted ones */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["LogWebhookChoice"][];
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPlaceholders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Placeholders */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Placeholder"][];
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRecovery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recovery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recovery"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replaceSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": true,
                 *       "read_interval_seconds": 5,
                 *       "log_retention_hours": 72,
                 *       "request_timeout_seconds": 10,
                 *       "max_attempts": 10,
                 *       "auto_disable_hours": 24
                 *     }
                 */
                "application/json": components["schemas"]["Settings"];
            };
        };
        responses: {
            /** @description The settings in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "max_attempts": 5
                 *     }
                 */
                "application/json": components["schemas"]["SettingsPatch"];
            };
        };
        responses: {
            /** @description The settings in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHourlyStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Oldest hour first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["HourBucket"][];
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhookStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Per webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookStats"][];
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listApiTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every API token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ApiToken"][];
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "PMS check-in script",
                 *       "scopes": [
                 *         "events:write"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ApiTokenInput"];
            };
        };
        responses: {
            /** @description The token, shown this once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiToken"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All webhooks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Webhook"][];
                    };
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "PMS check-in",
                 *       "url": "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}",
                 *       "events": [
                 *         "ticket.logged_in",
                 *         "ticket.logged_out"
                 *       ],
                 *       "body": "{\"id\": \"{{event.uuid}}\", \"event\": \"{{event.type}}\", \"room\": \"{{backend_data.pms.room}}\"}",
                 *       "auth": {
                 *         "type": "basic",
                 *         "username": "wifi",
                 *         "password": "s3cret"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["WebhookInput"];
            };
        };
        responses: {
            /** @description The webhook */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replaceWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "PMS check-in",
                 *       "url": "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}",
                 *       "events": [
                 *         "ticket.logged_in",
                 *         "ticket.logged_out"
                 *       ],
                 *       "body": "{\"id\": \"{{event.uuid}}\", \"event\": \"{{event.type}}\", \"room\": \"{{backend_data.pms.room}}\"}",
                 *       "auth": {
                 *         "type": "basic",
                 *         "username": "wifi",
                 *         "password": "s3cret"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["WebhookInput"];
            };
        };
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": false
                 *     }
                 */
                "application/json": components["schemas"]["WebhookPatch"];
            };
        };
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testWebhookAuth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The outcome (ok or the precise error) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthTestResult"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    copyWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "PMS check-in (held back)",
                 *       "enabled": false
                 *     }
                 */
                "application/json": components["schemas"]["WebhookPatch"];
            };
        };
        responses: {
            /** @description The webhook */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "event": {
                 *         "type": "ticket.logged_in",
                 *         "ticket_id": "T-1042",
                 *         "data": {
                 *           "client_ip": "10.0.12.34",
                 *           "client_mac": "aa:bb:cc:dd:ee:ff",
                 *           "login_type": "first",
                 *           "ticket_type": "single",
                 *           "template_name": "Guest 24 h",
                 *           "backend": "PMS",
                 *           "backend_data": {
                 *             "pms": {
                 *               "room": "214",
                 *               "name": "Jane Doe"
                 *             }
                 *           },
                 *           "timestamp_first_logon": "2026-12-03T14:05:00Z"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @description The event to render; a realistic sample when left out */
                    event?: {
                        /** Format: date-time */
                        created_at?: string;
                        data?: {
                            backend?: string | null;
                            backend_data?: {
                                [key: string]: unknown;
                            } | string | null;
                            backend_group?: string | null;
                            client_ip?: string | null;
                            client_mac?: string | null;
                            client_vlan_rt?: string | null;
                            description?: string | null;
                            limit?: ("time" | "volume" | "n/a") | "" | null;
                            login_type?: ("first" | "reconnect" | "n/a") | "" | null;
                            shared_limits?: ("0" | "1") | 1 | 0 | "" | null;
                            template_id?: number | string | null;
                            template_name?: string | null;
                            ticket_parent_group?: number | string | null;
                            ticket_price?: number | string | null;
                            ticket_type?: ("single" | "parent" | "child") | "" | null;
                            time_limit?: number | string | null;
                            time_used?: number | string | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_created?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_expires?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_first_logon?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_lastseen?: string | number | null;
                            volume_limit?: number | string | null;
                            volume_used?: number | string | null;
                            volume_used_download?: number | string | null;
                            volume_used_upload?: number | string | null;
                        } & {
                            [key: string]: unknown;
                        };
                        ticket_id?: string | number;
                        type: string;
                        /** Format: uuid */
                        uuid?: string;
                    };
                };
            };
        };
        responses: {
            /** @description The request that would be sent, credentials redacted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderedRequest"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recoverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "since": "2026-12-01T22:00:00Z",
                 *       "until": "2026-12-02T06:30:00Z"
                 *     }
                 */
                "application/json": {
                    /** Format: date-time */
                    since: string;
                    /**
                     * Format: date-time
                     * @description Default: now
                     */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description Stored; the deliveries are queued again in the background */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recovery"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateSigningSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        signing_secret: string;
                    };
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSigningSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signing is off */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendTestEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "event": {
                 *         "type": "ticket.logged_in",
                 *         "ticket_id": "T-1042",
                 *         "data": {
                 *           "client_ip": "10.0.12.34",
                 *           "client_mac": "aa:bb:cc:dd:ee:ff",
                 *           "login_type": "first",
                 *           "ticket_type": "single",
                 *           "template_name": "Guest 24 h",
                 *           "backend": "PMS",
                 *           "backend_data": {
                 *             "pms": {
                 *               "room": "214",
                 *               "name": "Jane Doe"
                 *             }
                 *           },
                 *           "timestamp_first_logon": "2026-12-03T14:05:00Z"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    event?: components["schemas"]["EventInput"];
                };
            };
        };
        responses: {
            /** @description What the endpoint answered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestDeliveryResult"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewNewWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "webhook": {
                 *         "name": "PMS check-in",
                 *         "url": "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}",
                 *         "events": [
                 *           "ticket.logged_in",
                 *           "ticket.logged_out"
                 *         ],
                 *         "body": "{\"id\": \"{{event.uuid}}\", \"event\": \"{{event.type}}\", \"room\": \"{{backend_data.pms.room}}\"}",
                 *         "auth": {
                 *           "type": "basic",
                 *           "username": "wifi",
                 *           "password": "s3cret"
                 *         }
                 *       },
                 *       "event": {
                 *         "type": "ticket.logged_in",
                 *         "ticket_id": "T-1042",
                 *         "data": {
                 *           "client_ip": "10.0.12.34",
                 *           "client_mac": "aa:bb:cc:dd:ee:ff",
                 *           "login_type": "first",
                 *           "ticket_type": "single",
                 *           "template_name": "Guest 24 h",
                 *           "backend": "PMS",
                 *           "backend_data": {
                 *             "pms": {
                 *               "room": "214",
                 *               "name": "Jane Doe"
                 *             }
                 *           },
                 *           "timestamp_first_logon": "2026-12-03T14:05:00Z"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @description The event to render; a realistic sample when left out */
                    event?: {
                        /** Format: date-time */
                        created_at?: string;
                        data?: {
                            backend?: string | null;
                            backend_data?: {
                                [key: string]: unknown;
                            } | string | null;
                            backend_group?: string | null;
                            client_ip?: string | null;
                            client_mac?: string | null;
                            client_vlan_rt?: string | null;
                            description?: string | null;
                            limit?: ("time" | "volume" | "n/a") | "" | null;
                            login_type?: ("first" | "reconnect" | "n/a") | "" | null;
                            shared_limits?: ("0" | "1") | 1 | 0 | "" | null;
                            template_id?: number | string | null;
                            template_name?: string | null;
                            ticket_parent_group?: number | string | null;
                            ticket_price?: number | string | null;
                            ticket_type?: ("single" | "parent" | "child") | "" | null;
                            time_limit?: number | string | null;
                            time_used?: number | string | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_created?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_expires?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_first_logon?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_lastseen?: string | number | null;
                            volume_limit?: number | string | null;
                            volume_used?: number | string | null;
                            volume_used_download?: number | string | null;
                            volume_used_upload?: number | string | null;
                        } & {
                            [key: string]: unknown;
                        };
                        ticket_id?: string | number;
                        type: string;
                        /** Format: uuid */
                        uuid?: string;
                    };
                    webhook: components["schemas"]["WebhookInput"];
                    /** @description The stored webhook being edited: a password left out is its password, as PUT keeps it */
                    webhook_id?: number;
                };
            };
        };
        responses: {
            /** @description The request that would be sent, credentials redacted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderedRequest"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewWebhookDraft: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "webhook": {
                 *         "name": "",
                 *         "url": "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}",
                 *         "events": [
                 *           "ticket.logged_in"
                 *         ],
                 *         "auth": {
                 *           "type": "token",
                 *           "url": ""
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @description The event to render; a realistic sample when left out */
                    event?: {
                        /** Format: date-time */
                        created_at?: string;
                        data?: {
                            backend?: string | null;
                            backend_data?: {
                                [key: string]: unknown;
                            } | string | null;
                            backend_group?: string | null;
                            client_ip?: string | null;
                            client_mac?: string | null;
                            client_vlan_rt?: string | null;
                            description?: string | null;
                            limit?: ("time" | "volume" | "n/a") | "" | null;
                            login_type?: ("first" | "reconnect" | "n/a") | "" | null;
                            shared_limits?: ("0" | "1") | 1 | 0 | "" | null;
                            template_id?: number | string | null;
                            template_name?: string | null;
                            ticket_parent_group?: number | string | null;
                            ticket_price?: number | string | null;
                            ticket_type?: ("single" | "parent" | "child") | "" | null;
                            time_limit?: number | string | null;
                            time_used?: number | string | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_created?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_expires?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_first_logon?: string | number | null;
                            /** @description ISO 8601 with an offset, or Unix time: seconds below 100000000000, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z) */
                            timestamp_lastseen?: string | number | null;
                            volume_limit?: number | string | null;
                            volume_used?: number | string | null;
                            volume_used_download?: number | string | null;
                            volume_used_upload?: number | string | null;
                        } & {
                            [key: string]: unknown;
                        };
                        ticket_id?: string | number;
                        type: string;
                        /** Format: uuid */
                        uuid?: string;
                    };
                    /** @description A webhook as POST /api/webhooks takes it (WebhookInput), in any state: each field is checked, none refused */
                    webhook: {
                        [key: string]: unknown;
                    };
                    /** @description The stored webhook being edited: a password left out is its password, as PUT keeps it */
                    webhook_id?: number;
                };
            };
        };
        responses: {
            /** @description The request as far as it renders, and the problems found */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DraftPreview"];
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong token */
            401: {
                headers: {
                    /** @description `Bearer`: send the admin token or an API token */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API token lacks the scope this route needs (the message names it) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid fields (each named in issues) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed sign-ins from this address (10 a minute); a valid token still passes */
            429: {
                headers: {
                    /** @description Seconds until another attempt is counted */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
