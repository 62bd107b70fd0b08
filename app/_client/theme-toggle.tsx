'use client';

import { useSyncExternalStore } from 'react';
import { THEME_KEY, type Theme } from './theme';

const CHANGED = 'docent:theme';
const CHOICES: { theme: Theme; icon: string; label: string }[] = [
  { theme: 'light', icon: '☀', label: 'Light theme' },
  { theme: 'dark', icon: '☾', label: 'Dark theme' },
  { theme: 'system', icon: '◐', label: 'Theme of the system' },
];

function current(): Theme {
  const pinned = document.documentElement.dataset.theme;
  return pinned === 'light' || pinned === 'dark' ? pinned : 'system';
}

// Another tab choosing a theme changes this one too (the storage event), as a reload would.
function subscribe(onChange: () => void): () => void {
  const fromStorage = (event: StorageEvent) => {
    if (event.key !== THEME_KEY) return;
    apply(event.newValue === 'light' || event.newValue === 'dark' ? event.newValue : 'system');
  };
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', fromStorage);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', fromStorage);
  };
}

function apply(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  window.dispatchEvent(new Event(CHANGED));
}

function choose(theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage refused (private mode, quota): the choice still holds for this page.
  }
  apply(theme);
}

/** Light, dark or the system's theme, in the header; the server renders 'system', the browser then shows the stored choice. */
export function ThemeToggle() {
  const theme = useSyncExternalStore<Theme>(subscribe, current, () => 'system');
  return (
    <div className="theme-toggle" role="group" aria-label="Theme">
      {CHOICES.map((choice) => (
        <button
          key={choice.theme}
          type="button"
          className="theme-choice"
          aria-pressed={theme === choice.theme}
          aria-label={choice.label}
          title={choice.label}
          onClick={() => choose(choice.theme)}
        >
          <span aria-hidden="true">{choice.icon}</span>
        </button>
      ))}
    </div>
  );
}
