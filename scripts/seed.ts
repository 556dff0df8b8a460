// `npm run db:seed`: the demo data of SPEC §3 (idempotent).
import { parseConfig } from "../lib/config";
import { bootDatabase } from "../db/boot";
import { closeRawClient, wrap } from "../db/client";
import { seedDemo } from "../db/seed";

async function main() {
  const raw = await bootDatabase(parseConfig(), { seedIfEmpty: false });
  const r = await seedDemo(wrap(raw));
  await closeRawClient(raw);
  console.log(r.created ? "demo data created" : "demo data already present");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
