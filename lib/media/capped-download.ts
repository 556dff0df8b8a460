import { formatMb } from "./size-caps";

/**
 * Read a download's body up to `maxBytes`: refused at once when `content-length` says it is
 * larger, and cut off (the connection aborted) as soon as the bytes counted pass the cap, so a
 * file that lies about its size, or names none, cannot fill the server's memory.
 */
export type CappedBody = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true; message: string };

export async function readCapped(
  res: Response,
  maxBytes: number,
  abort: AbortController,
): Promise<CappedBody> {
  const tooLarge = (): CappedBody => {
    abort.abort();
    return { ok: false, tooLarge: true, message: `This file is larger than ${formatMb(maxBytes)}` };
  };
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    return tooLarge();
  }
  if (!res.body) return { ok: true, bytes: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}
