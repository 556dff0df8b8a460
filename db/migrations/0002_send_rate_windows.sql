CREATE TABLE "send_rate_windows" (
	"key" text NOT NULL,
	"second" bigint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "send_rate_windows_key_second_pk" PRIMARY KEY("key","second")
);
