/**
 * CSV by hand (RFC 4180): every field quoted when it holds a comma, quote, CR or LF, and any text
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) prefixed with a quote so
 * that customer-written text can never execute in the reader's spreadsheet.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;

/**
 * A byte stream over an async generator of lines, pulled one chunk at a time: the consumer's
 * pace drives the database reads, so nothing is built up in memory.
 */
export function streamLines(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await lines.next();
        if (done) controller.close();
        else controller.enqueue(enc.encode(value));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}
