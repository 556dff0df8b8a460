import argon2 from "argon2";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { businesses, campaigns, members, messages, templates, wabaNumbers } from "./schema";
import type { Role } from "../lib/domain/roles";
import { receiveCustomerMessage, upsertCustomer } from "../lib/services/conversations/customer-message";
import { reply } from "../lib/services/conversations/reply";
import { pickUp, resolve } from "../lib/services/conversations/transition";

export const DEMO_PASSWORD = "demo-password";

type SeedBusiness = {
  name: string;
  wabaId: string;
  numbers: { phoneNumberId: string; displayNumber: string; label: string }[];
  members: { email: string; name: string; role: Role }[];
};

export const DEMO_BUSINESSES: SeedBusiness[] = [
  {
    name: "Demo Co",
    wabaId: "900000000000001",
    numbers: [
      { phoneNumberId: "100000000000001", displayNumber: "+1 555-000-1111", label: "Sales" },
      { phoneNumberId: "100000000000002", displayNumber: "+1 555-000-2222", label: "Support" },
    ],
    members: [
      { email: "owner@demo.test", name: "Olivia Owens", role: "owner" },
      { email: "admin@demo.test", name: "Adam Ng", role: "admin" },
      { email: "manager@demo.test", name: "Maya Patel", role: "manager" },
      { email: "asha@demo.test", name: "Asha Rao", role: "agent" },
      { email: "ben@demo.test", name: "Ben Okafor", role: "agent" },
    ],
  },
  {
    name: "Globex",
    wabaId: "900000000000002",
    numbers: [{ phoneNumberId: "200000000000001", displayNumber: "+1 555-000-3333", label: "Main" }],
    members: [
      { email: "owner@globex.test", name: "Gus Globex", role: "owner" },
      { email: "gina@globex.test", name: "Gina Li", role: "agent" },
    ],
  },
];

/**
 * The demo data of SPEC §3. Idempotent: a business that exists already is left alone.
 * `samples` adds a few conversations in each state so a newcomer sees a working inbox.
 */
export async function seedDemo(
  db: Db,
  opts: { samples: boolean } = { samples: true },
): Promise<{ created: boolean }> {
  const [existing] = await db
    .select()
    .from(businesses)
    .where(eq(businesses.wabaId, DEMO_BUSINESSES[0].wabaId));
  if (existing) return { created: false };
  // Hash once: every demo member shares the one documented password.
  const hash = await argon2.hash(DEMO_PASSWORD);
  for (const b of DEMO_BUSINESSES) {
    const [biz] = await db
      .insert(businesses)
      .values({ name: b.name, wabaId: b.wabaId })
      .onConflictDoNothing()
      .returning();
    if (!biz) continue;
    await db.insert(wabaNumbers).values(b.numbers.map((n) => ({ ...n, businessId: biz.id })));
    await db.insert(members).values(b.members.map((m) => ({ ...m, businessId: biz.id, passwordHash: hash })));
    await db.insert(templates).values({
      businessId: biz.id,
      name: "order_update",
      language: "en_US",
      body: "Hi {{1}}, your order {{2}} has shipped. Reply here if you have any questions.",
      quickReplies: ["Track order", "Talk to us"],
    });
  }
  if (opts.samples) await seedSamples(db);
  return { created: true };
}

async function seedSamples(db: Db) {
  const byEmail = async (email: string) =>
    (await db.select().from(members).where(eq(members.email, email)))[0];
  const asha = await byEmail("asha@demo.test");
  const ben = await byEmail("ben@demo.test");
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  let n = 0;
  const say = async (
    phoneNumberId: string,
    waId: string,
    name: string,
    body: string,
    at: Date,
    replyToWamid?: string,
  ) => {
    const r = await receiveCustomerMessage(db, {
      phoneNumberId,
      customer: { waId, profileName: name },
      message: { wamid: `wamid.seed.${waId}.${++n}`, type: "text", body, timestamp: at, replyToWamid },
    });
    if (!r.ok) throw new Error(r.message);
    return r.conversationId!;
  };
  // Open
  await say("100000000000001", "14155550101", "Maria Garcia", "Hi! Do you ship to Canada?", minutesAgo(12));
  await say("100000000000002", "14155550102", "Tom Becker", "My order arrived damaged 😞", minutesAgo(5));
  // Assigned
  const c3 = await say(
    "100000000000002",
    "14155550103",
    "Lina Haddad",
    "Can I change my delivery address?",
    minutesAgo(40),
  );
  await reply(db, { memberId: asha.id, conversationId: c3, text: "Of course! What's the new address?" });
  const c4 = await say(
    "100000000000001",
    "14155550104",
    "Kenji Sato",
    "Is the blue jacket back in stock?",
    minutesAgo(90),
  );
  await pickUp(db, { memberId: ben.id, conversationId: c4 });
  // Closed
  const c5 = await say(
    "100000000000002",
    "14155550105",
    "Priya Shah",
    "Thanks, all sorted!",
    minutesAgo(300),
  );
  await pickUp(db, { memberId: ben.id, conversationId: c5 });
  await resolve(db, { memberId: ben.id, conversationId: c5 });

  // A campaign, and a customer's reply to it: the conversation shows the campaign message above.
  const [biz] = await db.select().from(businesses).where(eq(businesses.wabaId, DEMO_BUSINESSES[0].wabaId));
  const [num] = await db.select().from(wabaNumbers).where(eq(wabaNumbers.phoneNumberId, "100000000000001"));
  const [tpl] = await db.select().from(templates).where(eq(templates.businessId, biz.id));
  const [camp] = await db
    .insert(campaigns)
    .values({
      businessId: biz.id,
      name: "Spring shipping update",
      templateId: tpl.id,
      numberId: num.id,
      parameters: ["there", "#1042"],
      recipientCount: 1,
    })
    .returning();
  const customer = await db.transaction((tx) =>
    upsertCustomer(tx as never, biz.id, { waId: "14155550106", profileName: "Sam Rivera" }),
  );
  await db.insert(messages).values({
    businessId: biz.id,
    numberId: num.id,
    customerId: customer.id,
    campaignId: camp.id,
    direction: "outbound",
    type: "template",
    body: "Hi there, your order #1042 has shipped. Reply here if you have any questions.",
    payload: { template: { name: tpl.name, language: tpl.language, params: ["there", "#1042"] } },
    wamid: "wamid.seed.campaign.1",
    status: "read",
    sentAt: minutesAgo(180),
  });
  await say(
    "100000000000001",
    "14155550106",
    "Sam Rivera",
    "When will it arrive?",
    minutesAgo(2),
    "wamid.seed.campaign.1",
  );
}
