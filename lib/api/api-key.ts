import crypto from 'node:crypto';

// An API key is "dk_" and 43 base64url characters (256 random bits). It is shown once; Docent keeps
// only its SHA-256 (no salt or slow hash needed: nobody can guess 256 random bits) and its prefix,
// so that a list of keys can say which is which.

const PREFIX = 'dk_';
const KEY = /^dk_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): string {
  return `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What a list shows of a key: enough to tell keys apart, far too little to use. */
export function displayPrefix(key: string): string {
  return key.slice(0, PREFIX.length + 6);
}

export function looksLikeApiKey(text: string): boolean {
  return KEY.test(text);
}

/** The key of an `Authorization: Bearer <key>` header, or null when there is none. */
export function bearerToken(header: string | null): string | null {
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}
