import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

/** The cookie-signing secret: DOCENT_SESSION_SECRET, or one generated once into the data directory. */
export function sessionSecret(config: Config): string {
  if (config.sessionSecret) {
    if (config.sessionSecret.length < 32) throw new Error('DOCENT_SESSION_SECRET must be at least 32 characters long.');
    return config.sessionSecret;
  }
  const file = path.join(config.dataDir, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = crypto.randomBytes(48).toString('base64url');
    // `wx`: if another process created it first, use theirs.
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}
