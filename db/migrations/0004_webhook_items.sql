ALTER TABLE "webhook_deliveries" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "webhook_deliveries" SET "next_attempt_at" = "received_at" WHERE "processed_at" IS NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "webhook_deliveries_unprocessed";--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."processed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_processed" ON "webhook_deliveries" USING btree ("processed_at") WHERE "webhook_deliveries"."processed_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "webhook_failed_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid,
	"business_id" uuid,
	"kind" text NOT NULL,
	"item_key" text NOT NULL,
	"item" jsonb NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text NOT NULL,
	"dead_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_failed_items_item_key_unique" UNIQUE("item_key")
);--> statement-breakpoint
ALTER TABLE "webhook_failed_items" ADD CONSTRAINT "webhook_failed_items_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_failed_items" ADD CONSTRAINT "webhook_failed_items_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_failed_items_due" ON "webhook_failed_items" USING btree ("next_attempt_at") WHERE "webhook_failed_items"."dead_at" IS NULL;--> statement-breakpoint
CREATE INDEX "webhook_failed_items_dead" ON "webhook_failed_items" USING btree ("business_id","dead_at") WHERE "webhook_failed_items"."dead_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "webhook_failed_items_delivery" ON "webhook_failed_items" USING btree ("delivery_id");--> statement-breakpoint
ALTER TABLE "unroutable_webhooks" ADD COLUMN "entry_id" text;--> statement-breakpoint
UPDATE "unroutable_webhooks" u SET "entry_id" = (
	SELECT e->>'id'
	FROM "webhook_deliveries" d,
		jsonb_array_elements(CASE WHEN jsonb_typeof(d."body"->'entry') = 'array' THEN d."body"->'entry' ELSE '[]'::jsonb END) e,
		jsonb_array_elements(CASE WHEN jsonb_typeof(e->'changes') = 'array' THEN e->'changes' ELSE '[]'::jsonb END) c
	WHERE d."id" = u."delivery_id"
		AND c->'value'->'metadata'->>'phone_number_id' IS NOT DISTINCT FROM u."phone_number_id"
	LIMIT 1
);--> statement-breakpoint
ALTER TABLE "unroutable_webhooks" DROP CONSTRAINT "unroutable_webhooks_delivery_id_webhook_deliveries_id_fk";--> statement-breakpoint
ALTER TABLE "unroutable_webhooks" ADD CONSTRAINT "unroutable_webhooks_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unroutable_webhooks_entry" ON "unroutable_webhooks" USING btree ("entry_id","received_at" DESC);--> statement-breakpoint
CREATE INDEX "unroutable_webhooks_received" ON "unroutable_webhooks" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "message_status_events_created" ON "message_status_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "login_attempts_at_idx" ON "login_attempts" USING btree ("at");
