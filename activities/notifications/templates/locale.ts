/**
 * Which language a customer's messages are written in, from their locale (BCP 47, as stored on the
 * order). Only the primary language subtag counts: `es`, `es-MX`, `es-ES`, `es_419` → Spanish;
 * anything else, missing or malformed → English.
 */

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** `es-MX` → `es`; tolerates POSIX-style `es_MX` and stray case or whitespace. */
function primarySubtag(locale: string | undefined): string | undefined {
  return locale?.trim().toLowerCase().split(/[-_]/)[0] || undefined;
}

export function resolveLanguage(locale?: string): Language {
  const primary = primarySubtag(locale);
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : DEFAULT_LANGUAGE;
}

/**
 * The locale dates and money are formatted in: the customer's own when it is a valid locale of the
 * message's language (so `es-MX` and `en-GB` keep their regional forms), otherwise the language's
 * default (`en-US`, `es`). An English message never shows a German month name.
 */
export function formattingLocale(locale: string | undefined, language: Language, fallback: string): string {
  if (!locale || primarySubtag(locale) !== language) return fallback;
  try {
    return Intl.getCanonicalLocales(locale.trim().replace(/_/g, '-'))[0] ?? fallback;
  } catch {
    return fallback;
  }
}
