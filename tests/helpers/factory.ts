import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { businesses, members, wabaNumbers, type Member } from "../../db/schema";
import type { Role } from "../../lib/domain/roles";
import { receiveCustomerMessage } from "../../lib/services/conversations/customer-message";
import { rememberWaba } from "./waba-registry";

const rnd = () => randomBytes(5).toString("hex");
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");

export type World = Awaited<ReturnType<typeof makeBusiness>>;

/** A business with numbers and members of every role, isolated from any other test's data. */
export async function makeBusiness(db: Db, opts: { agents?: number; autoCloseMinutes?: number | null } = {}) {
  const [biz] = await db
    .insert(businesses)
    .values({ name: `Biz ${rnd()}`, wabaId: digits(15), autoCloseMinutes: opts.autoCloseMinutes ?? null })
    .returning();
  const numbers = await db
    .insert(wabaNumbers)
    .values([
      { businessId: biz.id, phoneNumberId: digits(15), displayNumber: "+1 555-010-0001", label: "Sales" },
      { businessId: biz.id, phoneNumberId: digits(15), displayNumber: "+1 555-010-0002", label: "Support" },
    ])
    .returning();
  for (const n of numbers) rememberWaba(n.phoneNumberId, biz.wabaId);
  const mk = async (role: Role, name: string): Promise<Member> =>
    (
      await db
        .insert(members)
        .values({
          businessId: biz.id,
          email: `${name.toLowerCase().replace(/\W/g, ".")}.${rnd()}@t.test`,
          name,
          role,
        })
        .returning()
    )[0];
  const owner = await mk("owner", "Olivia Owens");
  const admin = await mk("admin", "Adam Ng");
  const manager = await mk("manager", "Maya Patel");
  const agents: Member[] = [];
  const names = ["Asha Rao", "Ben Okafor"];
  for (let i = 0; i < (opts.agents ?? 2); i++) agents.push(await mk("agent", names[i] ?? `Agent ${i + 1}`));
  return { biz, numbers, owner, admin, manager, agents, asha: agents[0], ben: agents[1] };
}

let wamidCounter = 0;
export const newWamid = () => `wamid.test.${Date.now()}.${++wamidCounter}.${rnd()}`;
export const newWaId = () => `1${digits(10)}`;

/** A customer message through the service layer; returns the conversation id. */
export async function customerSays(
  db: Db,
  phoneNumberId: string,
  waId: string,
  body = "Hello",
  at = new Date(),
) {
  const r = await receiveCustomerMessage(db, {
    phoneNumberId,
    customer: { waId, profileName: "Customer" },
    message: { wamid: newWamid(), type: "text", body, timestamp: at },
  });
  if (!r.ok) throw new Error(r.message);
  return r.conversationId!;
}

export async function reloadBusiness(db: Db, id: string) {
  return (await db.select().from(businesses).where(eq(businesses.id, id)))[0];
}
