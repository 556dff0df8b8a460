import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fetchRetryingReset } from "./fetch-retrying-reset";

// A server on 127.0.0.1 that drops the connection of the first request without answering.
let seen = 0;
const server = createServer((req, res) => {
  seen++;
  if (req.url === "/drop-once" && seen === 1) return void req.socket.destroy();
  if (req.url === "/always-500") {
    res.writeHead(500);
    return void res.end("no");
  }
  res.end("ok");
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it("tries a GET once more when the connection was dropped before an answer", async () => {
  seen = 0;
  const res = await fetchRetryingReset(fetch, `${base}/drop-once`, {});
  expect(await res.text()).toBe("ok");
  expect(seen).toBe(2);
});

it("does not retry an HTTP error: it is an answer", async () => {
  seen = 0;
  const res = await fetchRetryingReset(fetch, `${base}/always-500`, {});
  expect(res.status).toBe(500);
  expect(seen).toBe(1);
});
