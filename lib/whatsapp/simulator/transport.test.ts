import { afterEach, describe, expect, it } from "vitest";
import type { OutboundRequest } from "../outbox/transport";
import { isPhoneUnreachable, setPhoneUnreachable } from "./phones";
import { SimulatorTransport } from "./transport";

const NUMBER = "100000000000001";

const req = (to: string): OutboundRequest => ({
  phoneNumberId: NUMBER,
  displayNumber: "15550001111",
  body: {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to,
    type: "text",
    text: { body: "Hi" },
  },
});

/** Sends through the simulator and returns what it answered and the status webhook it posted. */
async function sendAndCapture(
  transport: (post: (b: Record<string, unknown>) => Promise<number>) => SimulatorTransport,
  to: string,
) {
  let posted: (b: Record<string, unknown>) => void = () => {};
  const webhook = new Promise<Record<string, unknown>>((resolve) => {
    posted = resolve;
  });
  const t = transport(async (b) => {
    posted(b);
    return 200;
  });
  const outcome = await t.send(req(to));
  const body = await webhook;
  // biome-ignore lint/suspicious/noExplicitAny: reaching into the Cloud API envelope
  const status = (body as any).entry[0].changes[0].value.statuses[0];
  return { outcome, status };
}

describe("SimulatorTransport", () => {
  afterEach(() => setPhoneUnreachable(NUMBER, "15550100001", false));

  it("accepts a send and reports it delivered, as Meta does", async () => {
    const { outcome, status } = await sendAndCapture(
      (post) => new SimulatorTransport(post, 0),
      "15550100001",
    );
    expect(outcome.ok).toBe(true);
    expect(status).toMatchObject({ status: "delivered", recipient_id: "15550100001" });
    expect(status.errors).toBeUndefined();
    if (outcome.ok) expect(status.id).toBe(outcome.wamid);
  });

  it("reports 131026 (undeliverable) for a customer whose simulated phone is unreachable", async () => {
    setPhoneUnreachable(NUMBER, "+15550100001", true);
    expect(isPhoneUnreachable(NUMBER, "15550100001")).toBe(true);
    const { outcome, status } = await sendAndCapture(
      (post) => new SimulatorTransport(post, 0),
      "15550100001",
    );
    // Meta accepts the send (a wamid, so Sent) and reports the failure by status webhook.
    expect(outcome.ok).toBe(true);
    expect(status).toMatchObject({ status: "failed", recipient_id: "15550100001" });
    expect(status.errors).toEqual([
      expect.objectContaining({ code: 131026, title: "Message undeliverable" }),
    ]);
  });

  it("delivers again once the phone is back", async () => {
    setPhoneUnreachable(NUMBER, "15550100001", true);
    setPhoneUnreachable(NUMBER, "15550100001", false);
    const { status } = await sendAndCapture((post) => new SimulatorTransport(post, 0), "15550100001");
    expect(status.status).toBe("delivered");
  });

  it("a phone switched off for one business number does not fail another number's sends", async () => {
    setPhoneUnreachable("200000000000001", "15550100001", true);
    const { status } = await sendAndCapture((post) => new SimulatorTransport(post, 0), "15550100001");
    expect(status.status).toBe("delivered");
    setPhoneUnreachable("200000000000001", "15550100001", false);
  });

  it("only the unreachable customer's messages fail", async () => {
    setPhoneUnreachable(NUMBER, "15550100001", true);
    const { status } = await sendAndCapture((post) => new SimulatorTransport(post, 0), "15550100002");
    expect(status.status).toBe("delivered");
  });
});
