import crypto from 'node:crypto';
import { type Db, fromRow, nowSeconds } from '../db';
import { InvalidRequestError, NotFoundError } from '../errors';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key';

/** An API key as lists show it: never the key itself, which only `create` returns, once. */
export interface ApiKeyInfo {
  id: string;
  userId: string;
  email: string;
  name: string;
  prefix: string;
  /** Requests per minute for this key; null: DOCENT_API_RATE_PER_MIN. */
  ratePerMinute: number | null;
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

interface ApiKeyRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  prefix: string;
  rate_per_minute: number | null;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = ['id', 'user_id', 'email', 'name', 'prefix', 'rate_per_minute', 'created_by', 'created_at', 'last_used_at', 'revoked_at'] as const;
const SELECT = `select k.id, k.user_id, u.email, k.name, k.prefix, k.rate_per_minute, k.created_by, k.created_at, k.last_used_at, k.revoked_at
  from api_keys k join users u on u.id = k.user_id`;
const toInfo = (row: ApiKeyRow): ApiKeyInfo => fromRow(row, COLUMNS);

export const MAX_KEY_NAME = 100;

/** The api_keys table: keys are created for a user, listed, revoked, and looked up by their hash. */
export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  /** Creates a key for the user with this email; the key is in the result and nowhere else. */
  create(input: { email: string; name?: string; ratePerMinute?: number | null; createdBy?: string | null }): { key: string; info: ApiKeyInfo } {
    const user = this.db.prepare('select id from users where email = ?').get(input.email.trim().toLowerCase()) as { id: string } | undefined;
    if (!user) throw new NotFoundError('user_not_found', `There is no user ${input.email}.`);
    const name = (input.name ?? '').trim() || 'API key';
    if (name.length > MAX_KEY_NAME) throw new InvalidRequestError('api_key_invalid', `A key's name has at most ${MAX_KEY_NAME} characters.`);
    const rate = input.ratePerMinute ?? null;
    if (rate !== null && (!Number.isInteger(rate) || rate < 1 || rate > 100_000)) {
      throw new InvalidRequestError('api_key_invalid', 'A rate limit is a whole number of requests per minute from 1 to 100000.');
    }
    const key = generateApiKey();
    const id = crypto.randomUUID();
    this.db
      .prepare('insert into api_keys(id, user_id, name, key_hash, prefix, rate_per_minute, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, user.id, name, hashApiKey(key), displayPrefix(key), rate, input.createdBy ?? null, nowSeconds());
    return { key, info: this.get(id)! };
  }

  get(id: string): ApiKeyInfo | null {
    const row = this.db.prepare(`${SELECT} where k.id = ?`).get(id) as ApiKeyRow | undefined;
    return row ? toInfo(row) : null;
  }

  /** Every key, newest first, revoked ones too (they say when). */
  list(): ApiKeyInfo[] {
    return (this.db.prepare(`${SELECT} order by k.created_at desc`).all() as ApiKeyRow[]).map(toInfo);
  }

  /** Revokes a key at once (every process looks keys up per request); revoking twice keeps the first time. */
  revoke(id: string): ApiKeyInfo {
    const changed = this.db.prepare('update api_keys set revoked_at = coalesce(revoked_at, ?) where id = ?').run(nowSeconds(), id).changes;
    if (!changed) throw new NotFoundError('api_key_not_found', `There is no API key ${id}.`);
    return this.get(id)!;
  }

  /** The live key with this secret, or null (unknown or revoked); records when it was last used. */
  verify(key: string): ApiKeyInfo | null {
    const row = this.db.prepare(`${SELECT} where k.key_hash = ? and k.revoked_at is null`).get(hashApiKey(key)) as ApiKeyRow | undefined;
    if (!row) return null;
    const now = nowSeconds();
    // Once a minute is enough to tell a used key from a forgotten one, and spares a write per request.
    if (row.last_used_at === null || now - row.last_used_at > 60) this.db.prepare('update api_keys set last_used_at = ? where id = ?').run(now, row.id);
    return toInfo(row);
  }
}

/** A key as the CLI's --json and the admin API show it (snake_case, like Docent's other JSON). */
export function apiKeyJson(info: ApiKeyInfo) {
  return {
    id: info.id,
    user: info.email,
    name: info.name,
    prefix: info.prefix,
    rate_per_minute: info.ratePerMinute,
    created_by: info.createdBy,
    created_at: info.createdAt,
    last_used_at: info.lastUsedAt,
    revoked_at: info.revokedAt,
  };
}
