/** Fill a template body's positional parameters {{1}}, {{2}}… (WHATSAPP.md §5). */
export function placeholderCount(body: string): number {
  let max = 0;
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export function renderTemplate(
  body: string,
  params: string[],
): { ok: true; text: string } | { ok: false; message: string } {
  const need = placeholderCount(body);
  if (params.length !== need)
    return { ok: false, message: `This template needs ${need} value(s), ${params.length} given.` };
  const bad = params.findIndex((p) => !p.trim() || p.length > 1024 || /[\n\t]| {5,}/.test(p));
  if (bad >= 0)
    return {
      ok: false,
      message: `Value ${bad + 1} must be non-empty, one line, without tabs or long runs of spaces.`,
    };
  return { ok: true, text: body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, n) => params[Number(n) - 1]) };
}
