import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake Graph API: a real HTTP server on 127.0.0.1 that answers like Meta (WHATSAPP.md §5, §7)
 * and records every request. Responses to POST /{phone_number_id}/messages are scripted with
 * `script(...)`, one per request in order; once the script runs out, every send succeeds.
 */
export type Scripted =
  | { kind: "ok" }
  | { kind: "http"; status: number; code?: number; message?: string }
  | { kind: "hang" };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown> | null;
}

export const ok = (): Scripted => ({ kind: "ok" });
export const serverError = (status = 500): Scripted => ({ kind: "http", status });
export const graphError = (code: number, status = 400, message = "error"): Scripted => ({
  kind: "http",
  status,
  code,
  message,
});

/**
 * How the download URL answers: Meta sends `content-length`; `withoutLength` streams the bytes
 * chunked instead (so only counting can find the size), and `gate` holds the answer until it
 * resolves (so a test can have several requests in flight at once).
 */
export interface MediaOptions {
  withoutLength?: boolean;
  gate?: Promise<void>;
}

export class FakeGraph {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Scripted[] = [];
  private readonly media = new Map<string, { mime: string; bytes: Buffer; opts: MediaOptions }>();
  private server!: Server;
  url = "";
  token = "fake-token";
  /** How long each message send takes before it is answered (a slow Meta). */
  sendDelayMs = 0;
  /** Sends received but not yet answered. */
  inFlight = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v25.0`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  script(...responses: Scripted[]): void {
    this.queue.push(...responses);
  }

  addMedia(id: string, mime: string, bytes: Buffer, opts: MediaOptions = {}): void {
    this.media.set(id, { mime, bytes, opts });
  }

  /** The file downloads received so far (GET of a media URL). */
  downloads(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "GET" && r.path.startsWith("/download/"));
  }

  /** The message sends received so far (POST …/messages). */
  sends(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.sendDelayMs = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown> | null = null;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const path = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/v25\.0/, "");
    this.requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization, body });
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(data));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      json(401, {
        error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190, fbtrace_id: "x" },
      });
      return;
    }
    if (req.method === "POST" && path.endsWith("/messages")) {
      const next = this.queue.shift() ?? ok();
      if (this.sendDelayMs > 0) {
        this.inFlight++;
        await new Promise((r) => setTimeout(r, this.sendDelayMs));
        this.inFlight--;
      }
      if (next.kind === "hang") return; // never answers: the caller's abort or timeout decides
      if (next.kind === "http") {
        if (next.code === undefined) {
          res.writeHead(next.status, { "content-type": "text/html" });
          res.end("<html>upstream error</html>");
          return;
        }
        json(next.status, {
          error: {
            message: `(#${next.code}) ${next.message}`,
            type: "OAuthException",
            code: next.code,
            error_data: { messaging_product: "whatsapp", details: next.message },
            fbtrace_id: "x",
          },
        });
        return;
      }
      const to = String(body?.to ?? "").replace(/^\+/, "");
      json(200, {
        messaging_product: "whatsapp",
        contacts: [{ input: body?.to, wa_id: to }],
        messages: [{ id: `wamid.FAKE${randomBytes(8).toString("hex")}` }],
      });
      return;
    }
    const download = /^\/download\/(.+)$/.exec(path);
    if (req.method === "GET" && download) {
      const m = this.media.get(decodeURIComponent(download[1]));
      if (!m) return json(404, { error: { code: 100, message: "not found" } });
      await m.opts.gate;
      if (m.opts.withoutLength) {
        res.writeHead(200, { "content-type": m.mime });
        for (let i = 0; i < m.bytes.length; i += 64 * 1024) res.write(m.bytes.subarray(i, i + 64 * 1024));
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": m.mime, "content-length": String(m.bytes.length) });
      res.end(m.bytes);
      return;
    }
    const mediaId = /^\/([^/]+)$/.exec(path);
    if (req.method === "GET" && mediaId) {
      const m = this.media.get(decodeURIComponent(mediaId[1]));
      if (!m) return json(404, { error: { code: 100, message: "Unsupported get request." } });
      const base = this.url.replace(/\/v25\.0$/, "");
      return json(200, {
        messaging_product: "whatsapp",
        url: `${base}/v25.0/download/${mediaId[1]}`,
        mime_type: m.mime,
        sha256: "x",
        file_size: m.bytes.length,
        id: mediaId[1],
      });
    }
    json(404, { error: { code: 100, message: "Unknown path" } });
  }
}
