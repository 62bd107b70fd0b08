'use client';

import { useEffect, useState } from 'react';
import type { LanguageChoice } from '@/lib/web/languages';

/**
 * The languages of the documents this asker may read (GET /api/languages), and the one chosen to
 * answer from ('' for all). Fetched once per page: a failed fetch leaves the filter out, and chat
 * works as before over every language.
 */
export function useLanguageFilter() {
  const [languages, setLanguages] = useState<LanguageChoice[]>([]);
  const [language, setLanguage] = useState('');
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/languages', { signal: controller.signal })
      .then(async (response) => (response.ok ? ((await response.json()) as { languages: LanguageChoice[] }).languages : []))
      .then(setLanguages, () => setLanguages([]));
    return () => controller.abort();
  }, []);
  return { languages, language, setLanguage };
}

/** Shown only when the asker's documents are in more than one language. */
export function LanguageFilter({ languages, language, onChange }: { languages: LanguageChoice[]; language: string; onChange: (code: string) => void }) {
  if (languages.length < 2) return null;
  return (
    <p className="language-filter small">
      <label htmlFor="answer-language">Answer from documents in</label>{' '}
      <select id="answer-language" value={language} onChange={(event) => onChange(event.target.value)}>
        <option value="">every language</option>
        {languages.map((choice) => (
          <option key={choice.code} value={choice.code}>
            {choice.name} · {choice.documents} {choice.documents === 1 ? 'document' : 'documents'}
          </option>
        ))}
      </select>
    </p>
  );
}
