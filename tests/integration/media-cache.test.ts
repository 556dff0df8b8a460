import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { type RawClient, setGlobalClient } from "../../db/client";
import { mediaCache } from "../../db/schema";
import { pruneMediaCache } from "../../lib/media/prune-media-cache";
import { loadMedia } from "../../lib/whatsapp/media";
import { mediaOwnerQuery } from "../../lib/whatsapp/media-owner";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWaId, type World } from "../helpers/factory";
import { customerBody, installTestConfig, msg, postWebhook } from "../helpers/webhook-fixtures";

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

describeEachDb("media cache", (ctx) => {
  let w: World;

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
  });

  const cache = (mediaId: string, usedAt: Date, fetchedAt = usedAt) =>
    ctx.db.insert(mediaCache).values({
      mediaId,
      businessId: w.biz.id,
      mimeType: "image/png",
      bytes: Buffer.from(mediaId),
      usedAt,
      fetchedAt,
    });
  const ids = async () =>
    (await ctx.db.select({ id: mediaCache.mediaId }).from(mediaCache)).map((r) => r.id).sort();

  it("prunes files not served within the retention period and keeps the others", async () => {
    await cache("old-unused", daysAgo(31));
    await cache("fresh", daysAgo(29));
    await cache("old-but-served-lately", daysAgo(2), daysAgo(90));
    expect(await pruneMediaCache(ctx.db, { retentionDays: 30 })).toBe(1);
    expect(await ids()).toEqual(["fresh", "old-but-served-lately"]);
    // a shorter retention takes the next one
    expect(await pruneMediaCache(ctx.db, { retentionDays: 7 })).toBe(1);
    expect(await ids()).toEqual(["old-but-served-lately"]);
    await ctx.db.delete(mediaCache);
  });

  it("prunes a backlog larger than one batch", async () => {
    for (let i = 0; i < 450; i += 150)
      await ctx.db.insert(mediaCache).values(
        Array.from({ length: 150 }, (_, j) => ({
          mediaId: `backlog-${i + j}`,
          businessId: w.biz.id,
          mimeType: "image/png",
          bytes: Buffer.from([i % 256, j % 256]),
          usedAt: daysAgo(40),
        })),
      );
    await cache("kept", daysAgo(1));
    expect(await pruneMediaCache(ctx.db, { retentionDays: 30 })).toBe(450);
    expect(await ids()).toEqual(["kept"]);
    await ctx.db.delete(mediaCache);
  });

  it("serving a cached file counts as use: a file still looked at survives the prune", async () => {
    const waId = newWaId();
    const mediaId = "sim0000000000000000beef";
    await cache(mediaId, daysAgo(40));
    const posted = await postWebhook(
      customerBody(w.numbers[0].phoneNumberId, waId, [
        msg(waId, "image", { mime_type: "image/png", id: mediaId }),
      ]),
    );
    expect(posted.status).toBe(200);
    const r = await loadMedia(ctx.db, w.biz.id, mediaId, { simulator: true, graphUrl: "http://127.0.0.1:9" });
    expect(r.ok).toBe(true);
    const [row] = await ctx.db.select().from(mediaCache).where(eq(mediaCache.mediaId, mediaId));
    expect(row.usedAt.getTime()).toBeGreaterThan(daysAgo(1).getTime());
    expect(await pruneMediaCache(ctx.db, { retentionDays: 30 })).toBe(0);
    expect(await ids()).toEqual([mediaId]);
  });

  it("the ownership lookup of the media route can use messages_media_id_idx instead of scanning messages", async () => {
    const q = mediaOwnerQuery(ctx.db, w.biz.id, "1479537139650973").toSQL();
    const plan = await explainWithoutSeqScan(ctx.raw, q.sql, q.params);
    expect(plan).toMatch(/messages_media_id_idx/);
  });
});

/** EXPLAIN of exactly the query the app runs, with sequential scans discouraged for this one transaction. */
async function explainWithoutSeqScan(raw: RawClient, text: string, params: unknown[]): Promise<string> {
  if (raw.kind === "pglite")
    return raw.pg.transaction(async (tx) => {
      await tx.exec("set local enable_seqscan = off");
      const r = await tx.query<{ "QUERY PLAN": string }>(`explain ${text}`, params);
      return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
    });
  return raw.sql.begin(async (tx) => {
    await tx.unsafe("set local enable_seqscan = off");
    const r = await tx.unsafe(`explain ${text}`, params as never[]);
    return r.map((x) => (x as Record<string, string>)["QUERY PLAN"]).join("\n");
  });
}
