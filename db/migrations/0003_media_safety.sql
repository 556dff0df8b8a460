-- Customer files as bytes (bytea) instead of base64 text: existing rows are decoded in place.
ALTER TABLE "media_cache" ALTER COLUMN "bytes_base64" TYPE bytea USING decode("bytes_base64", 'base64');--> statement-breakpoint
ALTER TABLE "media_cache" RENAME COLUMN "bytes_base64" TO "bytes";--> statement-breakpoint
-- When a file was last served; existing rows count as used when they were fetched.
ALTER TABLE "media_cache" ADD COLUMN "used_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "media_cache" SET "used_at" = "fetched_at";--> statement-breakpoint
CREATE INDEX "media_cache_used_idx" ON "media_cache" USING btree ("used_at");--> statement-breakpoint
-- The media route's ownership lookup: which message of this business carries this media id.
CREATE INDEX "messages_media_id_idx" ON "messages" USING btree ("business_id",(("payload" -> "type") ->> 'id')) WHERE (("payload" -> "type") ->> 'id') IS NOT NULL;
