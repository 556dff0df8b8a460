ALTER TABLE "messages" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
DROP INDEX IF EXISTS "messages_outbox_idx";--> statement-breakpoint
CREATE INDEX "messages_outbox_claim_idx" ON "messages" USING btree ("number_id",("campaign_id" IS NOT NULL),"next_attempt_at") WHERE "messages"."status" IN ('queued', 'sending');--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"business_id" uuid NOT NULL,
	"key" text NOT NULL,
	"action" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_business_id_key_pk" PRIMARY KEY("business_id","key")
);--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE no action ON UPDATE no action;
