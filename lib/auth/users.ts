import crypto from 'node:crypto';
import { type Db, fromRow, nowSeconds } from '../db';
import { InvalidRequestError } from '../errors';

export type Role = 'reviewer' | 'admin';

export interface User {
  id: string;
  email: string;
  role: Role;
  sessionVersion: number;
  createdAt: number;
}

interface UserRow {
  id: string;
  email: string;
  role: Role;
  password_hash: string;
  session_version: number;
  created_at: number;
}

const toUser = (row: UserRow): User => fromRow(row, ['id', 'email', 'role', 'session_version', 'created_at']);

// scrypt, a deliberately slow hash: N = 2^15 costs ~50 ms and 32 MB per attempt.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = crypto.scryptSync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return crypto.timingSafeEqual(actual, expected);
}

export class UserError extends InvalidRequestError {
  constructor(message: string) {
    super('user_invalid', message);
  }
}

function checkEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(normalised)) throw new UserError(`"${email}" is not an email address.`);
  return normalised;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
}

/** Reviewer and admin accounts. Chat needs none (by default). */
export class UserStore {
  // A fixed hash to compare against when the email is unknown, so timing does not reveal accounts.
  private static readonly decoy = hashPassword(crypto.randomBytes(12).toString('hex'));

  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('select count(*) as n from users').get() as { n: number }).n;
  }

  list(): User[] {
    return (this.db.prepare('select * from users order by email').all() as UserRow[]).map(toUser);
  }

  get(id: string): User | null {
    const row = this.db.prepare('select * from users where id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  byEmail(email: string): User | null {
    const row = this.db.prepare('select * from users where email = ?').get(email.trim().toLowerCase()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  create(email: string, role: Role, password: string): User {
    const normalised = checkEmail(email);
    checkPassword(password);
    if (this.byEmail(normalised)) throw new UserError(`A user ${normalised} already exists.`);
    const id = crypto.randomUUID();
    const now = nowSeconds();
    this.db
      .prepare('insert into users(id, email, role, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?)')
      .run(id, normalised, role, hashPassword(password), now, now);
    return this.get(id)!;
  }

  remove(email: string): boolean {
    return this.db.prepare('delete from users where email = ?').run(email.trim().toLowerCase()).changes > 0;
  }

  /** Changes a password and ends that user's existing sessions. */
  setPassword(email: string, password: string): boolean {
    checkPassword(password);
    return (
      this.db
        .prepare('update users set password_hash = ?, session_version = session_version + 1, updated_at = ? where email = ?')
        .run(hashPassword(password), nowSeconds(), email.trim().toLowerCase()).changes > 0
    );
  }

  /** The user when the password matches; null otherwise (in comparable time either way). */
  verify(email: string, password: string): User | null {
    const row = this.db.prepare('select * from users where email = ?').get(email.trim().toLowerCase()) as UserRow | undefined;
    const ok = verifyPassword(password, row?.password_hash ?? UserStore.decoy);
    return row && ok ? toUser(row) : null;
  }
}

/**
 * The first start with no account creates an admin: from DOCENT_ADMIN_EMAIL/PASSWORD, or
 * admin@localhost with a random password that is printed once.
 */
export function ensureFirstAdmin(store: UserStore, admin: { email?: string; password?: string }, log: (message: string) => void): User | null {
  if (store.count() > 0) return null;
  if (admin.email && admin.password) {
    const user = store.create(admin.email, 'admin', admin.password);
    log(`Created the admin account ${user.email} (from DOCENT_ADMIN_EMAIL).`);
    return user;
  }
  const password = crypto.randomBytes(12).toString('base64url');
  const user = store.create(admin.email ?? 'admin@localhost', 'admin', password);
  log(
    `Created the admin account ${user.email} with the password ${password}\n` +
      '  It is shown only this once. Change it with `npm run user:passwd -- ' +
      `${user.email}\` (or set DOCENT_ADMIN_EMAIL and DOCENT_ADMIN_PASSWORD before the first start).`,
  );
  return user;
}
