/**
 * A pasted list of phone numbers → E.164 numbers (+ and 8–15 digits, no leading 0), with
 * duplicates removed and every bad line reported by its line number. Spaces, dashes, dots and
 * brackets are ignored; a leading 00 counts as +. Commas and semicolons separate numbers too.
 */
export interface ParsedRecipients {
  /** wa_ids: the digits without "+" */
  waIds: string[];
  duplicates: number;
  invalid: { line: number; text: string; reason: string }[];
}

export const MAX_RECIPIENTS = 10_000;

export function parseRecipients(text: string): ParsedRecipients {
  const out: ParsedRecipients = { waIds: [], duplicates: 0, invalid: [] };
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((lineText, i) => {
    for (const part of lineText.split(/[,;]/)) {
      const raw = part.trim();
      if (!raw) continue;
      const compact = raw.replace(/[\s\-.()]/g, "").replace(/^00/, "+");
      let reason: string | null = null;
      if (!compact.startsWith("+")) reason = "Start with + and the country code";
      else if (!/^\+\d+$/.test(compact)) reason = "Only digits after the +";
      else if (!/^\+[1-9]\d{7,14}$/.test(compact)) reason = "An international number has 8 to 15 digits";
      if (reason) {
        out.invalid.push({ line: i + 1, text: raw.slice(0, 60), reason });
        continue;
      }
      const waId = compact.slice(1);
      if (seen.has(waId)) {
        out.duplicates++;
        continue;
      }
      seen.add(waId);
      out.waIds.push(waId);
    }
  });
  return out;
}
