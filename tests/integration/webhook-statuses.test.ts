import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { conversations, messages, messageStatusEvents } from "../../db/schema";
import { getPublisher, RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { isWindowOpen } from "../../lib/services/conversations/window";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWamid, newWaId, type World } from "../helpers/factory";
import { envelope, postWebhook, status, value, installTestConfig } from "../helpers/webhook-fixtures";

/** Status webhooks (WHATSAPP.md §3.4, §4): deduplicated, monotonic, failed is final. */
describeEachDb("webhook: statuses", (ctx) => {
  let w: World;
  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    setPublisher(new RecordingPublisher());
    w = await makeBusiness(ctx.db);
  });

  /** An outbound reply as if the outbox had sent it: status sent, with a wamid. */
  async function sentReply() {
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "hello");
    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: convId, text: "hi there" });
    if (!r.ok) throw new Error(r.message);
    const wamid = newWamid();
    await ctx.db.update(messages).set({ wamid, status: "sent" }).where(eq(messages.id, r.messageId));
    return { wamid, messageId: r.messageId, convId };
  }
  const statusOf = async (id: string) => (await ctx.db.select().from(messages).where(eq(messages.id, id)))[0];
  const post = (statuses: Record<string, unknown>[]) =>
    postWebhook(envelope([{ values: [value({ phoneNumberId: w.numbers[0].phoneNumberId, statuses })] }]));

  it("applies statuses monotonically whatever order they arrive in", async () => {
    const { wamid, messageId } = await sentReply();
    expect((await post([status(wamid, "read")])).status).toBe(200);
    expect((await statusOf(messageId)).status).toBe("read");
    await post([status(wamid, "delivered")]);
    await post([status(wamid, "sent")]);
    expect((await statusOf(messageId)).status).toBe("read");
  });

  it("delivered then read in separate deliveries, and all three in one batch", async () => {
    const a = await sentReply();
    await post([status(a.wamid, "delivered")]);
    expect((await statusOf(a.messageId)).status).toBe("delivered");
    await post([status(a.wamid, "read")]);
    expect((await statusOf(a.messageId)).status).toBe("read");
    const b = await sentReply();
    await post([status(b.wamid, "delivered"), status(b.wamid, "sent"), status(b.wamid, "read")]);
    expect((await statusOf(b.messageId)).status).toBe("read");
  });

  it("records each (wamid, status) once and publishes a change once", async () => {
    const { wamid, messageId } = await sentReply();
    const pub = getPublisher() as RecordingPublisher;
    const before = pub.events.filter(
      (e) => e.type === "message.status_changed" && e.messageId === messageId,
    ).length;
    await post([status(wamid, "delivered"), status(wamid, "delivered")]);
    await post([status(wamid, "delivered")]);
    const events = await ctx.db
      .select()
      .from(messageStatusEvents)
      .where(eq(messageStatusEvents.wamid, wamid));
    expect(events.map((e) => e.status)).toEqual(["delivered"]);
    const published = pub.events.filter(
      (e) => e.type === "message.status_changed" && e.messageId === messageId,
    );
    expect(published.length - before).toBe(1);
  });

  it("a failed 131047 marks the message Failed with the reason and shuts the 24-hour window", async () => {
    const { wamid, messageId, convId } = await sentReply();
    const [before] = await ctx.db.select().from(conversations).where(eq(conversations.id, convId));
    expect(isWindowOpen(before, new Date())).toBe(true);
    await post([
      status(wamid, "failed", {
        errors: [
          {
            code: 131047,
            title: "Re-engagement message",
            message: "Re-engagement message",
            error_data: {
              details:
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            },
          },
        ],
      }),
    ]);
    const m = await statusOf(messageId);
    expect(m.status).toBe("failed");
    expect(m.errorCode).toBe(131047);
    expect(m.errorMessage).toMatch(/24 hours/);
    const [after] = await ctx.db.select().from(conversations).where(eq(conversations.id, convId));
    expect(isWindowOpen(after, new Date())).toBe(false);
    // failed is final
    await post([status(wamid, "delivered"), status(wamid, "read")]);
    expect((await statusOf(messageId)).status).toBe("failed");
  });

  it("a late failed never replaces read", async () => {
    const { wamid, messageId } = await sentReply();
    await post([status(wamid, "read")]);
    await post([status(wamid, "failed", { errors: [{ code: 131026 }] })]);
    expect((await statusOf(messageId)).status).toBe("read");
  });

  it("a status for an unknown wamid is recorded and harmless", async () => {
    const wamid = newWamid();
    expect((await post([status(wamid, "delivered")])).status).toBe(200);
    expect(
      await ctx.db.select().from(messageStatusEvents).where(eq(messageStatusEvents.wamid, wamid)),
    ).toHaveLength(1);
  });
});
