import type { OidcSettings } from '../config-oidc';
import { groupName } from '../spaces/principals';
import type { Role } from './users';

// What Docent takes from a provider's claims about a person: a verified email, their groups and,
// through DOCENT_OIDC_ADMIN_GROUPS / _REVIEWER_GROUPS, a role.

export type Claims = Record<string, unknown>;

/** A claim by its name or, when no claim has that whole name, by a dotted path into objects (Keycloak's `realm_access.roles`). */
export function claimAt(claims: Claims, name: string): unknown {
  // Whole names first: namespaced claims such as Auth0's `https://example.com/groups` contain dots.
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const key of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Claims)[key];
  }
  return value;
}

/**
 * The groups a claim lists (one name or an array of them), normalised as UserStore keeps them.
 * Names a space could not name (Keycloak's full paths such as `/staff/hr`, say) are skipped, not
 * fatal: one odd group at the provider must not lock everyone out.
 */
export function groupsFromClaim(value: unknown): { groups: string[]; skipped: string[] } {
  const listed: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const groups = new Set<string>();
  const skipped: string[] = [];
  for (const item of listed) {
    const name = typeof item === 'string' ? groupName(item) : null;
    if (name !== null) groups.add(name);
    else skipped.push(typeof item === 'string' ? item : JSON.stringify(item));
  }
  return { groups: [...groups], skipped };
}

/** The person's email address, lowercased, or null when it is missing, malformed or marked unverified. */
export function verifiedEmail(claims: Claims): string | null {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  // Entra ID sends no email_verified at all, so only an explicit false (some providers send it as a string) refuses.
  if (claims.email_verified === false || claims.email_verified === 'false') return null;
  return email;
}

/** The role the provider groups give, admin before reviewer; null when they give none. */
export function roleFromGroups(groups: readonly string[], settings: Pick<OidcSettings, 'adminGroups' | 'reviewerGroups'>): Role | null {
  if (groups.some((group) => settings.adminGroups.includes(group))) return 'admin';
  if (groups.some((group) => settings.reviewerGroups.includes(group))) return 'reviewer';
  return null;
}

export interface SignInProfile {
  email: string | null;
  /** Null when groups are kept in Docent (DOCENT_OIDC_GROUPS_CLAIM=none). */
  groups: string[] | null;
  skippedGroups: string[];
  assignedRole: Role | null;
}

/** Everything Docent reads from one sign-in's claims. A missing groups claim means no groups. */
export function signInProfile(claims: Claims, settings: OidcSettings): SignInProfile {
  const email = verifiedEmail(claims);
  if (settings.groupsClaim === null) return { email, groups: null, skippedGroups: [], assignedRole: null };
  const { groups, skipped } = groupsFromClaim(claimAt(claims, settings.groupsClaim));
  return { email, groups, skippedGroups: skipped, assignedRole: roleFromGroups(groups, settings) };
}
