// The reader's theme: 'system' follows prefers-color-scheme; 'light' and 'dark' are pinned by
// data-theme on <html>, which THEME_SCRIPT sets from localStorage before the first paint.

export type Theme = 'light' | 'dark' | 'system';

export const THEME_KEY = 'docent.theme';

/** Runs inline in <head>, before the body paints: a static string, so nothing of a user's reaches it. */
export const THEME_SCRIPT = `try{var t=localStorage.getItem('${THEME_KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;
