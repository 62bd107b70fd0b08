// How pages write durations, times and shares for people.

/** A duration for people: 0.4 s, 12 s, 3.5 min, 2.1 h, 3 d. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** An ISO time in the reader's locale; '—' for none, the text itself if it is not a time. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A share in hundredths, without float noise (0.845 * 100 is 84.49999…). */
export const hundredths = (value: number) => Number((value * 100).toPrecision(12));

/** A share as a percentage with `digits` decimals: 0.92 → "92%". */
export function percent(value: number, digits = 0): string {
  const scaled = hundredths(value);
  const factor = 10 ** digits;
  return `${(Math.round(scaled * factor) / factor).toFixed(digits)}%`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** "de" → "German": the name of a language from its ISO 639-1 code. */
export function languageName(code: string): string {
  return languageNames.of(code) ?? code;
}
