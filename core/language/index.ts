/**
 * The language of messages the core sends back (validation issues, errors), French or English.
 * Commands run one at a time on one thread, so the language is set for the duration of one
 * dispatch and read by the messages built with `tr`; zod's own messages follow through its
 * locale configuration.
 */
import { z } from 'zod';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const zodLocales: Record<Language, () => ReturnType<typeof z.locales.en>> = { fr: z.locales.fr, en: z.locales.en };
let current: Language = 'en';
z.config(zodLocales[current]());

export function currentLanguage(): Language {
  return current;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'fr' || value === 'en';
}

/** Runs fn with messages in `lang`, then restores the previous language. */
export function withLanguage<T>(lang: Language, fn: () => T): T {
  const previous = current;
  if (lang !== previous) z.config(zodLocales[lang]());
  current = lang;
  try {
    return fn();
  } finally {
    if (lang !== previous) z.config(zodLocales[previous]());
    current = previous;
  }
}

/** A message in both languages: the English text, then the French. */
export function tr(en: string, fr: string): string {
  return current === 'fr' ? fr : en;
}

/** The same, as a zod error option, so the message is chosen when the input is checked. */
export function zmsg(en: string, fr: string): { error: () => string } {
  return { error: () => tr(en, fr) };
}
