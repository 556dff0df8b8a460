ALTER TABLE "conversation_events" ADD COLUMN "ordinal" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "ordinal" bigserial NOT NULL;