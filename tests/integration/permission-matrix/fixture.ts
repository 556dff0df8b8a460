import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import {
  campaigns,
  conversations,
  invites,
  members,
  messages,
  templates,
  wabaNumbers,
  webhookFailedItems,
  type Member,
} from "../../../db/schema";
import type { Role } from "../../../lib/domain/roles";
import { createCampaign } from "../../../lib/services/campaigns/create";
import { pickUp } from "../../../lib/services/conversations/transition";
import { createInvite } from "../../../lib/services/members/invite";
import { createTemplate } from "../../../lib/services/settings/templates";
import { storeSimulatorMedia } from "../../../lib/whatsapp/simulator/store";
import { customerSays, makeBusiness, newWaId, newWamid, type World } from "../../helpers/factory";
import { customerBody, msg, postWebhook } from "../../helpers/webhook-fixtures";

/** Where a call's target lives: the caller's own business, or the other one. */
export interface Side {
  world: World;
  own: boolean;
}

export interface Fixture {
  db: Db;
  own: World;
  other: World;
  /** A member of the caller's business per role, deactivated (with the session they had). */
  deactivated: Record<Role, Member>;
  /** Per business: a file a customer sent, a template and a campaign that exist from the start. */
  media: Map<string, string>;
  template: Map<string, string>;
  /** Every id of the other business, none of which may show in any answer to the caller. */
  otherIds: string[];
}

const rnd = () => randomBytes(5).toString("hex");

export function peer(side: Side, role: Role): Member {
  const w = side.world;
  return role === "agent" ? w.asha : w[role];
}

export async function buildFixture(db: Db): Promise<Fixture> {
  const own = await makeBusiness(db);
  const other = await makeBusiness(db);
  const deactivated = {} as Record<Role, Member>;
  for (const role of ["agent", "manager", "admin", "owner"] as const) {
    const [m] = await db
      .insert(members)
      .values({ businessId: own.biz.id, email: `gone.${role}.${rnd()}@t.test`, name: `Gone ${role}`, role })
      .returning();
    // Deactivated by the flag alone: their token's session version still matches, so only the
    // active check can sign them out.
    [deactivated[role]] = await db
      .update(members)
      .set({ active: false })
      .where(eq(members.id, m.id))
      .returning();
  }
  const fx: Fixture = { db, own, other, deactivated, media: new Map(), template: new Map(), otherIds: [] };
  for (const w of [own, other]) {
    const side = { world: w, own: w === own };
    fx.media.set(w.biz.id, await customerSendsImage(db, w));
    fx.template.set(w.biz.id, await newTemplate(fx, side));
    await newCampaign(fx, side);
    await newInvite(fx, side);
    await assignedTo(fx, side, w.ben);
  }
  fx.otherIds = await idsOf(db, other);
  return fx;
}

async function customerSendsImage(db: Db, w: World): Promise<string> {
  const id = await storeSimulatorMedia(db, w.biz.id, "image/png", Buffer.from("\x89PNG matrix"));
  const waId = newWaId();
  const r = await postWebhook(
    customerBody(w.numbers[0].phoneNumberId, waId, [
      msg(waId, "image", { mime_type: "image/png", sha256: "x", id }),
    ]),
  );
  if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
  return id;
}

async function idsOf(db: Db, w: World): Promise<string[]> {
  const biz = w.biz.id;
  const pick = async (t: typeof conversations | typeof templates | typeof campaigns | typeof invites) =>
    (await db.select({ id: t.id }).from(t).where(eq(t.businessId, biz))).map((r) => r.id);
  const people = (await db.select({ id: members.id }).from(members).where(eq(members.businessId, biz))).map(
    (r) => r.id,
  );
  const numbers = await db
    .select({ id: wabaNumbers.id, pn: wabaNumbers.phoneNumberId })
    .from(wabaNumbers)
    .where(eq(wabaNumbers.businessId, biz));
  return [
    biz,
    w.biz.name,
    ...people,
    ...numbers.flatMap((n) => [n.id, n.pn]),
    ...(await pick(conversations)),
    ...(await pick(templates)),
    ...(await pick(campaigns)),
    ...(await pick(invites)),
  ];
}

export const openConversation = (fx: Fixture, side: Side) =>
  customerSays(fx.db, side.world.numbers[0].phoneNumberId, newWaId(), "Hello from the matrix");

/** A conversation of `side` picked up by `assignee` (a member of that business). */
export async function assignedTo(fx: Fixture, side: Side, assignee: Member): Promise<string> {
  const id = await openConversation(fx, side);
  const r = await pickUp(fx.db, { memberId: assignee.id, conversationId: id });
  if (!r.ok) throw new Error(r.message);
  return id;
}

/** An outbound message that failed, in a conversation assigned to `assignee`. */
export async function failedMessage(fx: Fixture, side: Side, assignee: Member): Promise<string> {
  const conversationId = await assignedTo(fx, side, assignee);
  const [c] = await fx.db.select().from(conversations).where(eq(conversations.id, conversationId));
  const [m] = await fx.db
    .insert(messages)
    .values({
      businessId: c.businessId,
      numberId: c.numberId,
      customerId: c.customerId,
      conversationId,
      direction: "outbound",
      type: "text",
      body: "did not go",
      status: "failed",
      errorCode: 131026,
      errorMessage: "undeliverable",
      authorId: assignee.id,
    })
    .returning({ id: messages.id });
  return m.id;
}

/** A webhook item given up on, shown under Settings → Failed webhook updates. */
export async function deadWebhookItem(_fx: Fixture, side: Side): Promise<string> {
  const waId = newWaId();
  const wamid = newWamid();
  const [row] = await _fx.db
    .insert(webhookFailedItems)
    .values({
      kind: "message",
      itemKey: `message:${wamid}`,
      item: {
        kind: "message",
        phoneNumberId: side.world.numbers[0].phoneNumberId,
        contact: { profile: { name: "Dead Letter" }, wa_id: waId },
        message: {
          from: waId,
          id: wamid,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: "text",
          text: { body: "late" },
        },
      },
      lastError: "gave up",
      businessId: side.world.biz.id,
      attempts: 5,
      deadAt: new Date(),
    })
    .returning({ id: webhookFailedItems.id });
  return row.id;
}

export async function freshMember(fx: Fixture, side: Side, role: Role, active = true): Promise<Member> {
  const [m] = await fx.db
    .insert(members)
    .values({
      businessId: side.world.biz.id,
      email: `t.${rnd()}@t.test`,
      name: `Target ${rnd()}`,
      role,
      active,
    })
    .returning();
  return m;
}

export async function newInvite(fx: Fixture, side: Side): Promise<string> {
  const r = await createInvite(fx.db, {
    actorId: side.world.owner.id,
    email: `i.${rnd()}@t.test`,
    role: "agent",
  });
  if (!r.ok) throw new Error(r.message);
  return r.inviteId;
}

export async function newTemplate(fx: Fixture, side: Side): Promise<string> {
  const r = await createTemplate(fx.db, {
    actorId: side.world.owner.id,
    name: `tpl_${rnd()}`,
    language: "en",
    body: "Hello {{1}}",
  });
  if (!r.ok) throw new Error(r.message);
  return r.templateId;
}

export async function newCampaign(fx: Fixture, side: Side): Promise<string> {
  const r = await createCampaign(fx.db, {
    memberId: side.world.owner.id,
    name: `Campaign ${rnd()}`,
    templateId: fx.template.get(side.world.biz.id)!,
    numberId: side.world.numbers[0].id,
    recipients: `+1${newWaId().slice(1)}`,
    params: ["there"],
  });
  if (!r.ok) throw new Error(r.message);
  return r.campaignId;
}

/** The newest message of a conversation: the cursor for the older-messages page. */
export async function newestMessage(fx: Fixture, conversationId: string): Promise<string> {
  const rows = await fx.db
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.ordinal))
    .limit(1);
  return rows[0].id;
}
