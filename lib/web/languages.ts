import type { Registry } from '../registry';
import type { CanRead } from '../spaces/spaces';

/** A language the asker may filter chat by: its ISO 639-1 code, its name, and how many of their readable documents are in it. */
export interface LanguageChoice {
  code: string;
  name: string;
  documents: number;
}

const inEnglish = new Intl.DisplayNames(['en'], { type: 'language' });

/** "Deutsch (German)", "English": the name a speaker recognises first, with the English one beside it. */
export function languageName(code: string): string {
  const english = inEnglish.of(code) ?? code;
  const own = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? english;
  const native = own.charAt(0).toLocaleUpperCase(code) + own.slice(1);
  return native === english ? english : `${native} (${english})`;
}

/**
 * The languages of the indexed documents this asker may read, most documents first. Only those:
 * a language that appears only in a space closed to them would say that such documents exist.
 * Undetermined ones ('und', too little text to tell) are left out.
 */
export function readableLanguages(registry: Pick<Registry, 'list'>, canRead: CanRead): LanguageChoice[] {
  const counts = new Map<string, number>();
  for (const doc of registry.list({ status: 'indexed' })) {
    if (!doc.language || doc.language === 'und' || !canRead(doc)) continue;
    counts.set(doc.language, (counts.get(doc.language) ?? 0) + 1);
  }
  return [...counts]
    .map(([code, documents]) => ({ code, name: languageName(code), documents }))
    .sort((a, b) => b.documents - a.documents || a.code.localeCompare(b.code));
}
