import { eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { messages, wabaNumbers } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { addNumber, listUnroutable } from "../../lib/services/settings/business";
import { addressToOwnWaba } from "../../lib/whatsapp/simulator/own-waba";
import { webhookEnvelope } from "../../lib/whatsapp/simulator/post-webhook";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWamid, newWaId, type World } from "../helpers/factory";
import {
  contact,
  envelope,
  installTestConfig,
  postWebhook,
  status,
  text,
  value,
} from "../helpers/webhook-fixtures";

/** Each webhook entry speaks for one WABA: its updates reach only the business of that WABA. */
describeEachDb("webhooks and numbers between businesses", (ctx) => {
  let a: World;
  let b: World;
  const stored = async (wamids: string[]) =>
    (
      await ctx.db.select({ wamid: messages.wamid }).from(messages).where(inArray(messages.wamid, wamids))
    ).map((r) => r.wamid);
  const unroutableFor = async (w: World) => {
    const r = await listUnroutable(ctx.db, { actorId: w.admin.id });
    if (!r.ok) throw new Error(r.message);
    return r.rows.map((x) => x.phoneNumberId);
  };

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    setPublisher(new RecordingPublisher());
    a = await makeBusiness(ctx.db);
    b = await makeBusiness(ctx.db);
  });

  it("a value for A's number sent in B's WABA entry does not reach A's inbox; B's admins see it as unroutable", async () => {
    const waId = newWaId();
    const m = text(waId, "routed by the wrong WABA");
    const r = await postWebhook(
      envelope([
        {
          wabaId: b.biz.wabaId,
          values: [
            value({ phoneNumberId: a.numbers[0].phoneNumberId, contacts: [contact(waId)], messages: [m] }),
          ],
        },
      ]),
    );
    expect(r.status).toBe(200);
    expect(await stored([m.id as string])).toEqual([]);
    expect(await unroutableFor(b)).toContain(a.numbers[0].phoneNumberId);
    expect(await unroutableFor(a)).not.toContain(a.numbers[0].phoneNumberId);
  });

  it("unroutable updates are kept per entry: a delivery that also carries A's entry shows A nothing of the other WABA's", async () => {
    const unknownNumber = `9${Date.now()}`;
    const waA = newWaId();
    const mine = text(waA, "for A, routable");
    const stray = text(newWaId(), "for a number of B's WABA that nobody registered");
    const r = await postWebhook(
      envelope([
        {
          wabaId: a.biz.wabaId,
          values: [
            value({ phoneNumberId: a.numbers[1].phoneNumberId, contacts: [contact(waA)], messages: [mine] }),
          ],
        },
        { wabaId: b.biz.wabaId, values: [value({ phoneNumberId: unknownNumber, messages: [stray] })] },
      ]),
    );
    expect(r.status).toBe(200);
    expect(await stored([mine.id as string])).toEqual([mine.id]);
    expect(await unroutableFor(a)).not.toContain(unknownNumber);
    expect(await unroutableFor(b)).toContain(unknownNumber);
  });

  it("a status in B's webhook never changes A's message, even naming its wamid", async () => {
    const conv = await customerSays(ctx.db, a.numbers[0].phoneNumberId, newWaId(), "hello");
    const sent = await reply(ctx.db, { memberId: a.asha.id, conversationId: conv, text: "hi" });
    if (!sent.ok) throw new Error(sent.message);
    const wamid = newWamid();
    await ctx.db.update(messages).set({ wamid, status: "sent" }).where(eq(messages.id, sent.messageId));
    const r = await postWebhook(
      envelope([
        {
          wabaId: b.biz.wabaId,
          values: [value({ phoneNumberId: b.numbers[0].phoneNumberId, statuses: [status(wamid, "read")] })],
        },
      ]),
    );
    expect(r.status).toBe(200);
    const [row] = await ctx.db.select().from(messages).where(eq(messages.id, sent.messageId));
    expect(row.status).toBe("sent");
    // A's own webhook still moves it: the foreign "read" did not take the place of the real one.
    await postWebhook(
      envelope([
        {
          values: [value({ phoneNumberId: a.numbers[0].phoneNumberId, statuses: [status(wamid, "read")] })],
        },
      ]),
    );
    const [after] = await ctx.db.select().from(messages).where(eq(messages.id, sent.messageId));
    expect(after.status).toBe("read");
  });

  it("an admin cannot register another business's phone number ID, and the refusal does not tell it exists", async () => {
    const theirs = b.numbers[0].phoneNumberId;
    const taken = await addNumber(ctx.db, {
      actorId: a.admin.id,
      phoneNumberId: theirs,
      displayNumber: "+1 555 0100",
      label: "Mine now",
    });
    const malformed = await addNumber(ctx.db, {
      actorId: a.admin.id,
      phoneNumberId: "12",
      displayNumber: "+1 555 0100",
      label: "Mine now",
    });
    expect(taken.ok).toBe(false);
    expect(malformed.ok).toBe(false);
    // The same words as for an id that cannot be a number at all.
    expect(!taken.ok && taken.message).toBe(!malformed.ok && malformed.message);
    expect(!taken.ok && taken.message).not.toMatch(/another|registered|exists|taken|belongs/i);
    const [row] = await ctx.db.select().from(wabaNumbers).where(eq(wabaNumbers.phoneNumberId, theirs));
    expect(row.businessId).toBe(b.biz.id);
    expect(row.label).not.toBe("Mine now");
  });

  it("registering at the same moment as another business never answers with an error", async () => {
    const id = `7${Date.now()}`;
    const [x, y] = await Promise.all([
      addNumber(ctx.db, {
        actorId: a.admin.id,
        phoneNumberId: id,
        displayNumber: "+1 555 0101",
        label: "Race",
      }),
      addNumber(ctx.db, {
        actorId: b.admin.id,
        phoneNumberId: id,
        displayNumber: "+1 555 0102",
        label: "Race",
      }),
    ]);
    expect([x.ok, y.ok].filter(Boolean)).toHaveLength(1);
  });

  it("the simulator's webhooks carry the WABA of the number's business, so they are routed", async () => {
    const waId = newWaId();
    const wamid = newWamid();
    const body = webhookEnvelope(a.numbers[0].phoneNumberId, a.numbers[0].displayNumber, {
      contacts: [contact(waId)],
      messages: [text(waId, "from the simulator", { id: wamid })],
    });
    await addressToOwnWaba(ctx.db, body);
    expect((body.entry as { id: string }[])[0].id).toBe(a.biz.wabaId);
    expect((await postWebhook(body)).status).toBe(200);
    expect(await stored([wamid])).toEqual([wamid]);
  });
});
