import { describe, expect, it } from 'vitest';
import { claimAt, groupsFromClaim, roleFromGroups, signInProfile, verifiedEmail } from '../../../lib/auth/oidc-claims';
import type { OidcSettings } from '../../../lib/config-oidc';
import { localPath } from '../../../lib/web/local-path';

const settings: OidcSettings = {
  issuer: 'https://sso.northwind.example',
  clientId: 'docent',
  clientSecret: undefined,
  name: 'SSO',
  scopes: ['openid'],
  groupsClaim: 'groups',
  defaultRole: 'asker',
  adminGroups: ['docent admins'],
  reviewerGroups: ['hr leads'],
  insecure: false,
};

describe('claims from a provider', () => {
  it('finds a claim by its whole name first, then by a dotted path, and nothing on the prototype', () => {
    const claims = { 'https://northwind.example/groups': ['a'], realm_access: { roles: ['b'] }, groups: 'c' };
    expect(claimAt(claims, 'https://northwind.example/groups')).toEqual(['a']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['b']);
    expect(claimAt(claims, 'groups')).toBe('c');
    expect(claimAt(claims, 'realm_access.missing')).toBeUndefined();
    expect(claimAt(claims, 'groups.length')).toBeUndefined();
    expect(claimAt(claims, 'constructor')).toBeUndefined();
    expect(claimAt(claims, 'realm_access.roles.0')).toBeUndefined();
  });

  it('normalises groups like UserStore and skips the ones no space could name', () => {
    expect(groupsFromClaim(['HR', ' Finance ', 'hr', '/staff/hr', '', 42, 'Équipe_2'])).toEqual({
      groups: ['hr', 'finance', 'équipe_2'],
      skipped: ['/staff/hr', '', '42'],
    });
    expect(groupsFromClaim('Field Ops')).toEqual({ groups: ['field ops'], skipped: [] });
    expect(groupsFromClaim(undefined)).toEqual({ groups: [], skipped: [] });
    expect(groupsFromClaim({ hr: true })).toEqual({ groups: [], skipped: [] });
  });

  it('takes an email unless it is missing, malformed or explicitly unverified', () => {
    expect(verifiedEmail({ email: ' Ada@Northwind.example ', email_verified: true })).toBe('ada@northwind.example');
    expect(verifiedEmail({ email: 'ada@northwind.example' })).toBe('ada@northwind.example');
    expect(verifiedEmail({ email: 'ada@northwind.example', email_verified: false })).toBeNull();
    expect(verifiedEmail({ email: 'ada@northwind.example', email_verified: 'false' })).toBeNull();
    expect(verifiedEmail({ email: 'not an email' })).toBeNull();
    expect(verifiedEmail({ preferred_username: 'ada' })).toBeNull();
  });

  it('gives admin before reviewer, and no role to others', () => {
    expect(roleFromGroups(['hr leads', 'docent admins'], settings)).toBe('admin');
    expect(roleFromGroups(['hr leads'], settings)).toBe('reviewer');
    expect(roleFromGroups(['hr'], settings)).toBeNull();
  });

  it('reads a whole profile, or leaves groups alone when they are kept in Docent', () => {
    const claims = { email: 'ada@northwind.example', groups: ['Docent Admins', 'a/b'] };
    expect(signInProfile(claims, settings)).toEqual({
      email: 'ada@northwind.example',
      groups: ['docent admins'],
      skippedGroups: ['a/b'],
      assignedRole: 'admin',
    });
    expect(signInProfile({ email: 'ada@northwind.example' }, settings)).toMatchObject({ groups: [], assignedRole: null });
    expect(signInProfile(claims, { ...settings, groupsClaim: null })).toEqual({
      email: 'ada@northwind.example',
      groups: null,
      skippedGroups: [],
      assignedRole: null,
    });
  });
});

describe('localPath', () => {
  it('keeps local paths and refuses anything a browser would read as another site', () => {
    expect(localPath('/review?space=hr#top', '/')).toBe('/review?space=hr#top');
    expect(localPath(['/status', '/admin'], '/')).toBe('/status');
    for (const next of [undefined, null, '', 'review', 'https://evil.example', '//evil.example', '/\\evil.example', '/a\\b', '/a\nb', `/${'a'.repeat(2000)}`]) {
      expect(localPath(next, '/fallback'), String(next)).toBe('/fallback');
    }
  });
});
