import { describe, expect, it } from "vitest";
import { classifyError } from "../../lib/whatsapp/errors";
import { backoffMs } from "../../lib/whatsapp/outbox/backoff";
import { buildCloudBody } from "../../lib/whatsapp/outbox/build-body";
import { RateLimiter } from "../../lib/whatsapp/outbox/rate-limiter";

describe("outbox building blocks", () => {
  it("the rate limiter allows a one-second burst per number, then spaces sends at the rate", () => {
    const t = 1_000_000;
    const rl = new RateLimiter(80, () => t);
    const waits = Array.from({ length: 200 }, () => rl.reserve("n1", t));
    expect(waits.slice(0, 80).every((w) => w === 0)).toBe(true);
    expect(waits[80]).toBeGreaterThan(0);
    // the 200th send waits for 120 more tokens at 80/s: 1.5 s
    expect(waits[199]).toBe(1500);
    // another number has its own bucket
    expect(rl.reserve("n2", t)).toBe(0);
    // a second later, 80 more tokens have come back (the debt of 120 shrinks to 40)
    expect(rl.reserve("n1", t + 1000)).toBe(Math.ceil((41 / 80) * 1000));
  });

  it("backs off exponentially, the first retry within a few seconds, capped", () => {
    const o = { baseMs: 1000, maxMs: 300_000 };
    expect(backoffMs(1, o, () => 0.5)).toBe(1000);
    expect(backoffMs(2, o, () => 0.5)).toBe(2000);
    expect(backoffMs(5, o, () => 0.5)).toBe(16000);
    expect(backoffMs(30, o, () => 0.5)).toBe(300_000);
    expect(backoffMs(1, o, () => 1)).toBeLessThanOrEqual(1200);
  });

  it("classifies on the code: transient ones retry, others fail with a reason", () => {
    for (const code of [130429, 131056, 131057, 131000, 131016, 4, 80007])
      expect(classifyError(code, 400).transient).toBe(true);
    for (const code of [131047, 131026, 131050, 132001, 131030])
      expect(classifyError(code, 400).transient).toBe(false);
    expect(classifyError(null, 503).transient).toBe(true);
    expect(classifyError(null, null).transient).toBe(true);
    expect(classifyError(null, 400, "bad").transient).toBe(false);
    expect(classifyError(131047, 400).reason).toMatch(/24 hours/);
  });

  it("builds template bodies with positional parameters and quick-reply payloads", () => {
    const b = buildCloudBody({
      type: "template",
      body: "Hi Ana, order #1 shipped",
      payload: {
        template: {
          name: "shipping_update",
          language: "en_US",
          params: ["Ana", "#1"],
          quickReplies: ["Track order"],
        },
      },
      replyToWamid: null,
      waId: "14155550101",
      userId: null,
    });
    expect(b).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "+14155550101",
      type: "template",
      template: {
        name: "shipping_update",
        language: { code: "en_US" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Ana" },
              { type: "text", text: "#1" },
            ],
          },
          {
            type: "button",
            sub_type: "quick_reply",
            index: "0",
            parameters: [{ type: "payload", payload: "Track order" }],
          },
        ],
      },
    });
    const u = buildCloudBody({
      type: "text",
      body: "hi",
      payload: null,
      replyToWamid: null,
      waId: null,
      userId: "US.123",
    });
    expect(u.recipient).toBe("US.123");
    expect(u.to).toBeUndefined();
  });
});
