/**
 * Where to go after signing in: a path on this site, else `fallback`. It starts with one `/` (not
 * `//` or `/\`, which browsers read as another host), so a crafted sign-in link cannot send
 * someone elsewhere once they are signed in.
 */
export function localPath(value: string | string[] | null | undefined, fallback: string): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || path.length > 2000) return fallback;
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  // Control characters and backslashes have no place in a local path (and confuse URL parsers).
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return fallback;
  return path;
}
