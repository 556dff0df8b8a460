import { eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { businesses, unroutableWebhooks, wabaNumbers, webhookDeliveries } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import {
  addNumber,
  AUTO_CLOSE_MESSAGE,
  getBusinessSettings,
  listUnroutable,
  renameBusiness,
  setAutoClose,
  updateNumber,
} from "../../lib/services/settings/business";
import { createTemplate, deleteTemplate, listTemplates } from "../../lib/services/settings/templates";
import { describeEachDb } from "../helpers/db";
import { makeBusiness } from "../helpers/factory";
import { expectOk } from "../helpers/expect-ok";

let pub: RecordingPublisher;
beforeEach(() => {
  pub = new RecordingPublisher();
  setPublisher(pub);
});

const pnid = () => String(Math.floor(Math.random() * 1e15)).padStart(15, "7");

describeEachDb("settings", (ctx) => {
  it("renames the business and announces it live", async () => {
    const w = await makeBusiness(ctx.db);
    expect(await renameBusiness(ctx.db, { actorId: w.admin.id, name: "  Acme Support " })).toMatchObject({
      ok: true,
      name: "Acme Support",
    });
    expect(await renameBusiness(ctx.db, { actorId: w.admin.id, name: " " })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    const [b] = await ctx.db.select().from(businesses).where(eq(businesses.id, w.biz.id));
    expect(b.name).toBe("Acme Support");
    expect(pub.events.map((e) => e.type)).toEqual(["business.changed"]);
  });

  it("validates the auto-close period: 1 minute to 30 days, or back to the default", async () => {
    const w = await makeBusiness(ctx.db);
    for (const bad of [0, -5, 43_201, 1.5, Number.NaN]) {
      expect(await setAutoClose(ctx.db, { actorId: w.admin.id, minutes: bad })).toMatchObject({
        ok: false,
        message: AUTO_CLOSE_MESSAGE,
      });
    }
    for (const good of [1, 60, 43_200, null]) {
      expect(await setAutoClose(ctx.db, { actorId: w.owner.id, minutes: good })).toMatchObject({
        ok: true,
        autoCloseMinutes: good,
      });
    }
    await setAutoClose(ctx.db, { actorId: w.admin.id, minutes: 90 });
    const s = await getBusinessSettings(ctx.db, { actorId: w.admin.id });
    expect(expectOk(s).business.autoCloseMinutes).toBe(90);
  });

  it("adds, relabels, disables and re-enables numbers; a taken phone number ID is refused", async () => {
    const w = await makeBusiness(ctx.db);
    const id = pnid();
    const r = await addNumber(ctx.db, {
      actorId: w.admin.id,
      phoneNumberId: id,
      displayNumber: "+1 555-010-0003",
      label: "Billing",
    });
    if (!r.ok) throw new Error(r.message);
    expect(
      await addNumber(ctx.db, { actorId: w.admin.id, phoneNumberId: id, displayNumber: "+1", label: "Dup" }),
    ).toMatchObject({
      ok: false,
      message: "This number is already in your list.",
    });
    expect(
      await addNumber(ctx.db, { actorId: w.admin.id, phoneNumberId: "abc", displayNumber: "+1", label: "X" }),
    ).toMatchObject({ ok: false });
    expect(
      (await updateNumber(ctx.db, { actorId: w.admin.id, numberId: r.numberId, label: "Accounts" })).ok,
    ).toBe(true);
    expect(
      (await updateNumber(ctx.db, { actorId: w.admin.id, numberId: r.numberId, active: false })).ok,
    ).toBe(true);
    let [n] = await ctx.db.select().from(wabaNumbers).where(eq(wabaNumbers.id, r.numberId));
    expect(n).toMatchObject({ label: "Accounts", active: false, businessId: w.biz.id });
    expect((await updateNumber(ctx.db, { actorId: w.admin.id, numberId: r.numberId, active: true })).ok).toBe(
      true,
    );
    [n] = await ctx.db.select().from(wabaNumbers).where(eq(wabaNumbers.id, r.numberId));
    expect(n.active).toBe(true);
    const other = await makeBusiness(ctx.db);
    expect(
      await updateNumber(ctx.db, { actorId: other.admin.id, numberId: r.numberId, label: "Mine" }),
    ).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });

  it("manages the template catalogue", async () => {
    const w = await makeBusiness(ctx.db);
    const t = await createTemplate(ctx.db, {
      actorId: w.admin.id,
      name: "order_update",
      language: "en_US",
      body: "Hi {{1}}, order {{2}} shipped",
      quickReplies: ["Thanks"],
    });
    if (!t.ok) throw new Error(t.message);
    expect(
      await createTemplate(ctx.db, {
        actorId: w.admin.id,
        name: "order_update",
        language: "en_US",
        body: "x",
      }),
    ).toMatchObject({ ok: false });
    expect(
      await createTemplate(ctx.db, { actorId: w.admin.id, name: "Bad Name", language: "en_US", body: "x" }),
    ).toMatchObject({ ok: false });
    // Positional parameters must run {{1}}..{{n}} without gaps, or Meta refuses every send.
    expect(
      await createTemplate(ctx.db, {
        actorId: w.admin.id,
        name: "gappy",
        language: "en_US",
        body: "Hi {{2}}",
      }),
    ).toMatchObject({ ok: false, message: "Parameters must be numbered {{1}} to {{2}} without gaps." });
    const l = await listTemplates(ctx.db, { actorId: w.admin.id });
    expect(expectOk(l).rows.map((r) => [r.name, r.placeholders])).toEqual([["order_update", 2]]);
    expect((await deleteTemplate(ctx.db, { actorId: w.admin.id, templateId: t.templateId })).ok).toBe(true);
    const after = await listTemplates(ctx.db, { actorId: w.admin.id });
    expect(expectOk(after).rows).toEqual([]);
  });

  it("lists unroutable deliveries for the business's own WABA only", async () => {
    const w = await makeBusiness(ctx.db);
    const other = await makeBusiness(ctx.db);
    const store = async (wabaId: string, phoneNumberId: string) => {
      const value = { metadata: { phone_number_id: phoneNumberId, display_phone_number: "15559990000" } };
      const [d] = await ctx.db
        .insert(webhookDeliveries)
        .values({
          body: {
            object: "whatsapp_business_account",
            entry: [{ id: wabaId, changes: [{ field: "messages", value }] }],
          },
        })
        .returning();
      await ctx.db.insert(unroutableWebhooks).values({
        deliveryId: d.id,
        entryId: wabaId,
        phoneNumberId,
        displayPhoneNumber: "15559990000",
        value,
      });
    };
    await store(w.biz.wabaId, "111");
    await store(other.biz.wabaId, "222");
    const mine = await listUnroutable(ctx.db, { actorId: w.admin.id });
    expect(expectOk(mine).rows.map((r) => r.phoneNumberId)).toEqual(["111"]);
    const theirs = await listUnroutable(ctx.db, { actorId: other.owner.id });
    expect(expectOk(theirs).rows.map((r) => r.phoneNumberId)).toEqual(["222"]);
  });
});
