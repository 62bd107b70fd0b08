import { when } from './format';

function ago(seconds: number): string {
  const elapsed = Math.max(0, Date.now() / 1000 - seconds);
  if (elapsed < 60) return 'just now';
  if (elapsed < 3600) return `${Math.floor(elapsed / 60)} min ago`;
  if (elapsed < 86_400) return `${Math.floor(elapsed / 3600)} h ago`;
  return `${Math.floor(elapsed / 86_400)} d ago`;
}

/** A time in the reader's locale (`relative`: how long ago first), with the exact time for machines. */
export function Time({ seconds, relative = false }: { seconds: number; relative?: boolean }) {
  const iso = new Date(seconds * 1000).toISOString();
  return (
    <time dateTime={iso} title={when(iso)}>
      {relative ? `${ago(seconds)} (${when(iso)})` : when(iso)}
    </time>
  );
}
