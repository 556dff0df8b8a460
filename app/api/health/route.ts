import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";

export const dynamic = "force-dynamic";

/** 200 with the database's state when all is well; 503 when the database does not answer. */
export async function GET() {
  const started = Date.now();
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ status: "ok", database: { status: "up", latencyMs: Date.now() - started } });
  } catch (e) {
    return Response.json(
      { status: "error", database: { status: "down", error: (e as Error).message } },
      { status: 503 },
    );
  }
}
