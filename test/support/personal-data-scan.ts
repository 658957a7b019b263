/** A parsed JSON value, as `JSON.parse` returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every string in a JSON value, with where it sits. */
function* jsonStrings(value: Json, path: string[] = []): Generator<{ path: string[]; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* jsonStrings(item, [...path, String(i)]);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* jsonStrings(item, [...path, key]);
}

const looksLikeBase64 = (text: string) => text.length >= 4 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);

/**
 * Which of `needles` (a customer's name, email, phone in its formats) an exported history contains,
 * case-insensitively: in its JSON text, and in every base64 string decoded, since payloads are
 * exported as base64 and a plain one would hide a customer's address from a text search.
 */
export function personalDataIn(exportedJson: string, needles: readonly string[]): string[] {
  const found = new Set<string>();
  const look = (where: string, text: string) => {
    const lower = text.toLowerCase();
    for (const value of needles) if (lower.includes(value.toLowerCase())) found.add(`"${value}" in ${where}`);
  };
  look('the JSON text', exportedJson);
  for (const { path, text } of jsonStrings(JSON.parse(exportedJson) as Json)) {
    if (!looksLikeBase64(text)) continue;
    const bytes = Buffer.from(text, 'base64');
    look(`base64 at ${path.join('.')}`, bytes.toString('utf8'));
    look(`base64 at ${path.join('.')} (latin1)`, bytes.toString('latin1'));
  }
  return [...found];
}
