import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionReplyProblem, screenServerActionBody } from "./action-reply-check";

// The encoder the browser runs for every server action call (Next's own copy of React's).
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply: (args: unknown[]) => Promise<string | FormData>;
};

/** Bodies no React client sends; Next answers each with a 500 when they reach decodeReply. */
const MALFORMED = [
  "[",
  '"not an array"',
  '["$Q1"]',
  '["$1"]',
  '[{"a":"$@2"}]',
  '["$n1e3"]',
  "[".repeat(5000),
];

describe("server action bodies", () => {
  let server: Server;
  let base: string;
  const handled: string[] = [];

  beforeAll(async () => {
    // What server.ts does: screen the body, then hand the (replayed) request to the next handler.
    server = createServer((req, res) => {
      void screenServerActionBody(req, res).then(async (checked) => {
        if (!checked) return;
        let body = "";
        for await (const chunk of checked) body += String(chunk);
        handled.push(body);
        res.end("handled");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const callAction = (body: string | FormData, contentType?: string) =>
    fetch(`${base}/inbox/open`, {
      method: "POST",
      headers: { "next-action": "4f00", ...(contentType ? { "content-type": contentType } : {}) },
      body,
    });

  it.each(MALFORMED.map((b) => [b.slice(0, 30), b]))(
    "refuses %j with a 400 that never reaches Next",
    async (_label, body) => {
      handled.length = 0;
      const res = await callAction(body, "text/plain;charset=UTF-8");
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/arguments/);
      expect(handled).toEqual([]);
    },
  );

  it("passes the arguments React encodes for real calls, byte for byte", async () => {
    const calls: unknown[][] = [
      [
        {
          conversationId: "0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d",
          text: "$5 off, 100% 💬",
          basedOnMessageId: null,
        },
      ],
      [{ minutes: null, at: new Date(0), missing: undefined, big: 10n, inf: Infinity, neg: -0 }],
      [],
      [["a", ["b", ["c"]]], "$$literal", 1.5, true],
    ];
    for (const args of calls) {
      const body = await encodeReply(args);
      expect(typeof body).toBe("string");
      handled.length = 0;
      const res = await callAction(body as string, "text/plain;charset=UTF-8");
      expect(res.status).toBe(200);
      expect(handled).toEqual([body]);
    }
  });

  it("leaves multipart action calls (form actions) and other requests to Next", async () => {
    const form = new FormData();
    form.set("1_email", "owner@demo.test");
    form.set("0", JSON.stringify([null, "$K1"]));
    handled.length = 0;
    expect((await callAction(form)).status).toBe(200);
    const plain = await fetch(`${base}/api/inbox/list`, { method: "POST", body: "[" });
    expect(plain.status).toBe(200);
    expect(handled).toHaveLength(2);
  });

  it("says why, for the page's developer", () => {
    expect(actionReplyProblem("[")).toMatch(/not valid JSON/);
    expect(actionReplyProblem('{"a":1}')).toMatch(/JSON array/);
    expect(actionReplyProblem("[".repeat(100) + "]".repeat(100))).toMatch(/nested too deeply/);
    expect(actionReplyProblem('["$K1"]')).toMatch(/parts the request does not have/);
    expect(actionReplyProblem('["$$K1", "$undefined"]')).toBeNull();
  });
});
