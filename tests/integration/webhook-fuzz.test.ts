import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { webhookDeliveries } from "../../db/schema";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, type World } from "../helpers/factory";
import { envelope, postWebhook, installTestConfig, value } from "../helpers/webhook-fixtures";

/**
 * Validly signed but hostile bodies: malformed, truncated, oversized, random, and well-formed
 * envelopes with random insides. Never a 5xx (Meta would retry it for days), never a throw,
 * and nothing stored for a refused body.
 */
describeEachDb("webhook fuzz", (ctx) => {
  let w: World;
  const count = async () =>
    (await ctx.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)).length;

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
  });

  const check = async (body: string) => {
    const before = await count();
    const r = await postWebhook(body);
    expect(r.status).toBeLessThan(500);
    const after = await count();
    if (r.status === 200) expect(after).toBe(before + 1);
    else expect(after).toBe(before);
  };

  it("random strings and random JSON", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        check,
      ),
      { numRuns: 120 },
    );
  });

  it("truncated real bodies", async () => {
    const real = JSON.stringify(
      envelope([
        {
          values: [
            value({
              phoneNumberId: w.numbers[0].phoneNumberId,
              contacts: [{ wa_id: "15550001", profile: { name: "Zoë" } }],
              messages: [
                {
                  from: "15550001",
                  id: "wamid.fz",
                  timestamp: "1700000000",
                  type: "text",
                  text: { body: "hé" },
                },
              ],
            }),
          ],
        },
      ]),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: real.length - 1 }), (n) => check(real.slice(0, n))),
      { numRuns: 60 },
    );
  });

  it("well-formed envelopes with random values, messages and statuses", async () => {
    const anything = fc.anything({ maxDepth: 3, withNullPrototype: false });
    const item = fc.oneof(
      anything,
      fc.record(
        {
          from: fc.oneof(fc.string(), fc.constant("15551230000")),
          id: fc.string(),
          timestamp: fc.oneof(fc.string(), fc.integer(), fc.double()),
          type: fc.oneof(
            fc.constantFrom(
              "text",
              "image",
              "reaction",
              "location",
              "contacts",
              "unsupported",
              "button",
              "interactive",
            ),
            fc.string(),
          ),
          text: anything,
          image: anything,
          reaction: anything,
          context: anything,
        },
        { requiredKeys: [] },
      ),
    );
    const status = fc.record(
      {
        id: fc.string(),
        status: fc.oneof(fc.constantFrom("sent", "delivered", "read", "failed", "played"), fc.string()),
        timestamp: fc.oneof(fc.string(), fc.integer()),
        errors: anything,
      },
      { requiredKeys: [] },
    );
    const v = fc.record(
      {
        metadata: fc.oneof(
          anything,
          fc.record({
            phone_number_id: fc.constantFrom(w.numbers[0].phoneNumberId, "123", ""),
            display_phone_number: fc.string(),
          }),
        ),
        contacts: fc.oneof(
          anything,
          fc.array(
            fc.record({ wa_id: fc.string(), user_id: fc.string(), profile: anything }, { requiredKeys: [] }),
            { maxLength: 3 },
          ),
        ),
        messages: fc.oneof(anything, fc.array(item, { maxLength: 4 })),
        statuses: fc.oneof(anything, fc.array(status, { maxLength: 4 })),
      },
      { requiredKeys: [] },
    );
    const body = fc.record({
      object: fc.oneof(fc.constant("whatsapp_business_account"), fc.string()),
      entry: fc.array(
        fc.record(
          {
            id: fc.string(),
            changes: fc.array(fc.record({ field: fc.oneof(fc.constant("messages"), fc.string()), value: v })),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(body, (b) => check(JSON.stringify(b))),
      { numRuns: 150 },
    );
  });

  it("bodies with NUL characters, lone surrogates, huge numbers and deep nesting", async () => {
    const phone = w.numbers[0].phoneNumberId;
    const nasty = [
      JSON.stringify(
        envelope([
          {
            values: [
              value({
                phoneNumberId: phone,
                contacts: [{ wa_id: "15550002" }],
                messages: [
                  {
                    from: "15550002",
                    id: "wamid.nul",
                    timestamp: "1",
                    type: "text",
                    text: { body: "a\u0000b" },
                  },
                ],
              }),
            ],
          },
        ]),
      ),
      `{"object":"whatsapp_business_account","entry":[{"id":"\\ud800","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"${phone}"},"messages":[{"from":"15550003","id":"wamid.sur","timestamp":"1","type":"text","text":{"body":"\\udc00x"}}]}}]}]}`,
      `{"object":"whatsapp_business_account","entry":[],"n":1e400}`,
      `{"object":"whatsapp_business_account","entry":[],"deep":${"[".repeat(5000)}${"]".repeat(5000)}}`,
      `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"${phone}"},"messages":[{"from":"15550004","id":"${"w".repeat(600)}","type":"text","timestamp":"99999999999999"}]}}]}]}`,
      "\uFEFF{}",
      "",
      "null",
    ];
    for (const b of nasty) await check(b);
  });

  it("oversized bodies get 413 and nothing is stored", async () => {
    const before = await count();
    const r = await postWebhook(
      `{"object":"whatsapp_business_account","entry":[],"pad":"${"x".repeat(3 * 1024 * 1024 + 10)}"}`,
    );
    expect(r.status).toBe(413);
    expect(await count()).toBe(before);
  });
});
