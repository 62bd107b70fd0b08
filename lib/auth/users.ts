import crypto from 'node:crypto';
import { type Db, fromRow, jsonColumn, nowSeconds } from '../db';
import { InvalidRequestError } from '../errors';
import { groupName } from '../spaces/principals';

/** asker: chat only; reviewer: also the review queue; admin: everything. Each includes the ones before it. */
export type Role = 'asker' | 'reviewer' | 'admin';
export const ROLES = ['asker', 'reviewer', 'admin'] as const satisfies readonly Role[];

export interface User {
  id: string;
  email: string;
  role: Role;
  /** Lowercase group names, which spaces name as readers or owners. */
  groups: string[];
  sessionVersion: number;
  createdAt: number;
}

interface UserRow {
  id: string;
  email: string;
  role: Role;
  password_hash: string;
  session_version: number;
  groups: string;
  created_at: number;
}

const toUser = (row: UserRow): User => ({
  ...fromRow(row, ['id', 'email', 'role', 'session_version', 'created_at']),
  groups: jsonColumn<string[]>(row.groups, []),
});

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

// The password hash of an account that signs in only through an identity provider: not an scrypt
// hash, so verifyPassword rejects every password for it.
const NO_PASSWORD = 'external';

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

// Callers are typed, but roles also arrive from the command line and JSON.
function checkRole(role: string): void {
  if (!ROLES.includes(role as Role)) throw new UserError(`"${role}" is not a role: use ${ROLES.join(', ')}.`);
}

/**
 * Group names trimmed, lowercased and without repeats. Validated the way spaces parse `group:<name>`,
 * so every group a user is in can be named as a space's reader or owner.
 */
export function normaliseGroups(groups: readonly string[]): string[] {
  const names = groups.map((group) => {
    const name = groupName(group);
    if (name === null)
      throw new UserError(
        `"${group}" is not a group name: use 1 to 100 letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit.`,
      );
    return name;
  });
  return [...new Set(names)];
}

/** Asker, reviewer and admin accounts. Chat needs none (by default). */
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

  create(email: string, role: Role, password: string, groups: readonly string[] = []): User {
    const normalised = checkEmail(email);
    checkRole(role);
    const names = normaliseGroups(groups);
    checkPassword(password);
    if (this.byEmail(normalised)) throw new UserError(`A user ${normalised} already exists.`);
    return this.insert(normalised, role, hashPassword(password), names);
  }

  private insert(email: string, role: Role, passwordHash: string, groups: string[]): User {
    const id = crypto.randomUUID();
    const now = nowSeconds();
    this.db
      .prepare('insert into users(id, email, role, password_hash, groups, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)')
      .run(id, email, role, passwordHash, JSON.stringify(groups), now, now);
    return this.get(id)!;
  }

  /**
   * Replaces a user's groups; null when there is no such user. Sessions go on: each request looks
   * the user up again, so the new groups apply at once.
   */
  setGroups(email: string, groups: readonly string[]): User | null {
    const names = normaliseGroups(groups);
    const key = email.trim().toLowerCase();
    this.db.prepare('update users set groups = ?, updated_at = ? where email = ?').run(JSON.stringify(names), nowSeconds(), key);
    return this.byEmail(key);
  }

  /**
   * Changes a user's role and, when it differs, ends their sessions; null when there is no such user.
   * Requests already see the new role, but a promotion should not ride on a cookie signed in under
   * the old role (it may have been left on a shared machine), and an ex-admin should sign in again.
   */
  setRole(email: string, role: Role): User | null {
    checkRole(role);
    const key = email.trim().toLowerCase();
    this.db
      .prepare('update users set role = ?, session_version = session_version + 1, updated_at = ? where email = ? and role != ?')
      .run(role, nowSeconds(), key, role);
    return this.byEmail(key);
  }

  /** setGroups and setRole together, all or nothing; null when there is no such user. */
  update(email: string, changes: { role?: Role; groups?: readonly string[] }): User | null {
    return this.db
      .transaction(() => {
        if (!this.byEmail(email)) return null;
        if (changes.groups !== undefined) this.setGroups(email, changes.groups);
        return changes.role !== undefined ? this.setRole(email, changes.role) : this.byEmail(email);
      })
      .immediate();
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
    // An account without a password is hashed against too, or its quick refusal would tell it apart.
    const usable = row && row.password_hash !== NO_PASSWORD ? row : undefined;
    const ok = verifyPassword(password, usable?.password_hash ?? UserStore.decoy);
    return usable && ok ? toUser(usable) : null;
  }

  /**
   * The account of someone an identity provider has just signed in. The first sign-in creates it
   * with `role.initial` and no password (password sign-in never succeeds for it); later ones keep
   * its role. Groups, unless null, replace the stored ones every time, so a change at the provider
   * takes effect at the next sign-in. `role.assigned` (from provider groups) sets the role either way.
   */
  signInExternal(email: string, groups: readonly string[] | null, role: { initial: Role; assigned?: Role | null }): User {
    const normalised = checkEmail(email);
    const names = groups === null ? null : normaliseGroups(groups);
    checkRole(role.initial);
    return this.db
      .transaction(() =>
        this.byEmail(normalised)
          ? this.update(normalised, { groups: names ?? undefined, role: role.assigned ?? undefined })!
          : this.insert(normalised, role.assigned ?? role.initial, NO_PASSWORD, names ?? []),
      )
      .immediate();
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
