// What one business owns, read straight from the database: the ids a hostile request may name,
// and the tokens (ids, names, emails, phone numbers) that must never reach another business.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";

export interface TenantData {
  businessId: string;
  conversationIds: string[];
  memberIds: string[];
  messageIds: string[];
  numberIds: string[];
  templateIds: string[];
  /** every uuid of the business's rows */
  ids: string[];
  /** its phone_number_ids and customers' wa_ids */
  digits: string[];
  secrets: string[];
  memberByEmail: (email: string) => string;
}

type Row = Record<string, string | null>;

let shipped: string | undefined;
const secretsOf = (root: string, tokens: string[]) => {
  shipped ??= shippedText(root);
  return tokens.filter((t) => !shipped!.includes(t));
};

/** Strings the app itself ships (placeholders such as "+1 555-000-3333") are not anyone's data. */
function shippedText(root: string): string {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  return ["app", "components", "lib"]
    .flatMap((d) => walk(join(root, d)))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}

export async function tenantData(db: Db, businessName: string, root: string): Promise<TenantData> {
  const q = async (s: ReturnType<typeof sql>) => {
    const r = await db.execute(s);
    return (Array.isArray(r) ? r : (r as unknown as { rows: Row[] }).rows) as Row[];
  };
  const [b] = await q(sql`select id::text, name from businesses where name = ${businessName}`);
  const id = String(b.id);
  const of = (table: string, cols: string) =>
    q(sql`select ${sql.raw(cols)} from ${sql.identifier(table)} where business_id = ${id}::uuid`);
  const convs = await of("conversations", "id::text");
  const mems = await of("members", "id::text, name, email");
  const msgs = await of("messages", "id::text");
  const nums = await of("waba_numbers", "id::text, phone_number_id, display_number");
  const custs = await of("customers", "id::text, wa_id, profile_name");
  const tpls = await of("templates", "id::text");
  const camps = await of("campaigns", "id::text");
  const col = (rows: Row[], c: string) => rows.map((r) => r[c]).filter((v): v is string => Boolean(v));
  const ids = [id, ...[convs, mems, msgs, nums, custs, tpls, camps].flatMap((rows) => col(rows, "id"))];
  const digits = [...col(nums, "phone_number_id"), ...col(custs, "wa_id")];
  return {
    businessId: id,
    conversationIds: col(convs, "id"),
    memberIds: col(mems, "id"),
    messageIds: col(msgs, "id"),
    numberIds: col(nums, "id"),
    templateIds: col(tpls, "id"),
    ids,
    digits,
    secrets: secretsOf(root, [
      String(b.name),
      ...ids,
      ...digits,
      ...col(mems, "name"),
      ...col(mems, "email"),
      ...col(nums, "display_number"),
      ...col(custs, "profile_name").filter((n) => n.length >= 6),
    ]),
    memberByEmail: (email) => {
      const m = mems.find((r) => r.email === email);
      if (!m) throw new Error(`no member ${email} in ${businessName}`);
      return String(m.id);
    },
  };
}
