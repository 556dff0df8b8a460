// `npm run db:migrate`: apply migrations to DATABASE_URL, or to the embedded database when no server holds it.
import { parseConfig } from "../lib/config";
import { bootDatabase } from "../db/boot";
import { closeRawClient } from "../db/client";

async function main() {
  const raw = await bootDatabase(parseConfig(), { seedIfEmpty: false });
  await closeRawClient(raw);
  console.log("migrations applied");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
